package crema.kernel.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Linux's table of the TCP sockets in this network namespace ({@code /proc/net/tcp} and {@code
 * tcp6}), which names the user that owns each socket. It answers the one question a kernel on a
 * shared machine needs: which users hold connections to one of its ports.
 *
 * <p>A client's socket appears with the client's own user id and, as its remote end, the kernel's
 * address and port. The table is readable by every user, and it covers every process on this
 * machine's loopback; peers on other machines never appear in it.
 */
public final class SocketTable {
  /** The state column's value for an established connection. */
  private static final String ESTABLISHED = "01";

  private final List<Path> files;

  /** The table of this process's network namespace. */
  public SocketTable() {
    this(List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")));
  }

  /** A table read from other files (tests); a missing file counts as empty. */
  public SocketTable(List<Path> files) {
    this.files = List.copyOf(files);
  }

  /** Whether this machine has the table at all (Linux does; macOS and Windows do not). */
  public boolean available() {
    return files.stream().anyMatch(Files::isReadable);
  }

  /**
   * The user ids of the established client sockets whose remote end is {@code address:port}, one
   * entry per socket. An any-address ({@code 0.0.0.0}, {@code ::}) matches every address.
   */
  public List<Integer> clientsOf(InetAddress address, int port) throws IOException {
    List<Integer> uids = new ArrayList<>();
    for (Path f : files) {
      if (!Files.isReadable(f)) {
        continue;
      }
      List<String> lines = Files.readAllLines(f, StandardCharsets.US_ASCII);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        Row row = Row.parse(line, f);
        if (row.state.equals(ESTABLISHED)
            && row.remotePort == port
            && (address.isAnyLocalAddress() || address.equals(row.remoteAddress))) {
          uids.add(row.uid);
        }
      }
    }
    return uids;
  }

  /** The columns of one line that matter here. */
  record Row(InetAddress remoteAddress, int remotePort, String state, int uid) {
    /**
     * Parses e.g. {@code 0: 0100007F:A1B2 0100007F:1F90 01 ... 1000 0 4711 ...}: addresses are
     * hexadecimal words in the kernel's byte order (little-endian here), ports big-endian hex.
     */
    static Row parse(String line, Path file) throws IOException {
      String[] cols = line.trim().split("\\s+");
      if (cols.length < 8) {
        throw new IOException(file + ": unexpected line \"" + line.trim() + "\"");
      }
      String[] remote = cols[2].split(":");
      try {
        return new Row(
            address(remote[0]),
            Integer.parseInt(remote[1], 16),
            cols[3].toUpperCase(Locale.ROOT),
            Integer.parseInt(cols[7]));
      } catch (RuntimeException e) {
        throw new IOException(file + ": unexpected line \"" + line.trim() + "\": " + e, e);
      }
    }

    /** Each 32-bit word is printed as a host-order integer: its bytes come out reversed. */
    static InetAddress address(String hex) throws UnknownHostException {
      if (hex.length() != 8 && hex.length() != 32) {
        throw new IllegalArgumentException("an address of " + hex.length() + " hex digits");
      }
      byte[] bytes = new byte[hex.length() / 2];
      for (int word = 0; word < bytes.length / 4; word++) {
        for (int b = 0; b < 4; b++) {
          int at = word * 8 + (3 - b) * 2;
          bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
        }
      }
      // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) comes back as the IPv4 address.
      return InetAddress.getByAddress(bytes);
    }
  }
}
