package crema.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SocketTableTest {
  static final String HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode\n";

  /** One line of the table: local and remote as hex address:port, the state, the owner. */
  static String line(String local, String remote, String state, int uid) {
    return "   0: "
        + local
        + " "
        + remote
        + " "
        + state
        + " 00000000:00000000 00:00000000 00000000 "
        + uid
        + "        0 4711 1 0000000000000000 20 4 30 10 -1\n";
  }

  /** Writes a table: the header, then {@code lines}. */
  static void write(Path file, String... lines) throws IOException {
    Files.writeString(file, HEADER + String.join("", lines));
  }

  /** An established IPv4 loopback client from {@code localPort} to {@code port}, owned by uid. */
  static String client(int localPort, int port, int uid) {
    return line(
        String.format("0100007F:%04X", localPort), String.format("0100007F:%04X", port), "01", uid);
  }

  @Test
  void findsTheOwnersOfEstablishedClientsOfAPort(@TempDir Path dir) throws IOException {
    Path tcp = dir.resolve("tcp");
    write(
        tcp,
        // 127.0.0.1:8080 listening (0A), owned by 1000: not a client
        line("0100007F:1F90", "00000000:0000", "0A", 1000),
        // two clients of 127.0.0.1:8080 (0x1F90), users 1000 and 65534
        client(0xA000, 8080, 1000),
        client(0xA001, 8080, 65534),
        // a closed one (TIME_WAIT, 06) and a client of another port
        line("0100007F:A002", "0100007F:1F90", "06", 0),
        client(0xA003, 8081, 42));
    SocketTable table = new SocketTable(List.of(tcp, dir.resolve("tcp6-missing")));
    assertTrue(table.available());
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    assertEquals(List.of(1000, 65534), table.clientsOf(loopback, 8080));
    assertEquals(List.of(42), table.clientsOf(loopback, 8081));
    assertEquals(List.of(), table.clientsOf(InetAddress.getByName("10.0.0.1"), 8080));
    InetAddress any = InetAddress.getByName("0.0.0.0");
    assertEquals(List.of(1000, 65534), table.clientsOf(any, 8080));
    assertEquals(List.of(42), table.clientsOf(any, 8081));
  }

  @Test
  void readsIpv6AndMappedIpv4Addresses(@TempDir Path dir) throws IOException {
    Path tcp6 = dir.resolve("tcp6");
    write(
        tcp6,
        // ::ffff:127.0.0.1 port 0x1F90, as a dual-stack socket shows an IPv4 peer
        line(
            "0000000000000000FFFF00000100007F:B000",
            "0000000000000000FFFF00000100007F:1F90",
            "01",
            7),
        // ::1 port 0x1F90
        line(
            "00000000000000000000000001000000:B001",
            "00000000000000000000000001000000:1F90",
            "01",
            8));
    SocketTable table = new SocketTable(List.of(tcp6));
    assertEquals(List.of(7), table.clientsOf(InetAddress.getByName("127.0.0.1"), 8080));
    assertEquals(List.of(8), table.clientsOf(InetAddress.getByName("::1"), 8080));
  }

  @Test
  void aGarbledLineNamesTheFile(@TempDir Path dir) throws IOException {
    Path tcp = dir.resolve("tcp");
    write(tcp, "   0: 0100007F:1F90 nonsense\n");
    IOException e =
        assertThrows(
            IOException.class,
            () -> new SocketTable(List.of(tcp)).clientsOf(InetAddress.getByName("::"), 1));
    assertTrue(e.getMessage().contains(tcp.toString()), e.getMessage());
  }

  @Test
  void noTableOffLinux(@TempDir Path dir) {
    assertFalse(new SocketTable(List.of(dir.resolve("none"))).available());
  }

  @Test
  void seesThisProcesssOwnConnection() throws IOException {
    SocketTable table = new SocketTable();
    if (!table.available()) {
      return; // not Linux: nothing to compare with
    }
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new ServerSocket(0, 1, loopback);
        Socket client = new Socket(loopback, server.getLocalPort());
        Socket accepted = server.accept()) {
      int uid = SameUserAuth.processUid().orElseThrow();
      assertEquals(List.of(uid), table.clientsOf(loopback, server.getLocalPort()));
    }
  }
}
