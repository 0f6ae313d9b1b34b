package crema.kernel.protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.zeromq.ZAuth;
import org.zeromq.ZMsg;

/**
 * Admits a connection to the kernel's ports only while no other user of this machine is connecting
 * to the same port.
 *
 * <p>Jupyter signs messages but does not encrypt them, and IOPub is a ZeroMQ PUB socket: without
 * this check, any local user who reads the port off {@code ps} or tries them all can subscribe and
 * read every output of the cell. ZeroMQ asks this handler (ZAP, RFC 27) before a new connection
 * exchanges its first message; ZAP tells which socket (its domain) and the peer's IP address, not
 * its port, so the handler looks at every connection to that socket's port in the machine's socket
 * table ({@link SocketTable}) and refuses while one of them belongs to another user. Connections
 * from the kernel's own user and from root pass.
 *
 * <p>A refused client does not learn anything: ZeroMQ closes the connection before the first
 * message. The cost is that a client of the kernel's own user that connects at the very moment
 * another user is connecting is refused too; ZeroMQ clients reconnect on their own.
 */
public final class SameUserAuth implements ZAuth.Auth {
  private static final int ROOT = 0;

  private final SocketTable table;
  private final int ownUid;
  private final Set<Integer> alsoAdmitted;
  private final Consumer<String> log;
  private final Map<String, Port> ports = new ConcurrentHashMap<>();

  /** One guarded port: the address it is bound to and its number. */
  record Port(InetAddress address, int number) {}

  /**
   * @param table the machine's socket table
   * @param ownUid the user id this kernel runs as
   * @param alsoAdmitted further user ids to admit, e.g. that of a server which starts kernels as
   *     other users
   * @param log where refusals are reported (the kernel's log)
   */
  public SameUserAuth(
      SocketTable table, int ownUid, Set<Integer> alsoAdmitted, Consumer<String> log) {
    this.table = table;
    this.ownUid = ownUid;
    this.alsoAdmitted = Set.copyOf(alsoAdmitted);
    this.log = log;
  }

  /**
   * Parses a list of user ids such as {@code "1000, 1001"} (the variable {@code CREMA_ADMIT_UIDS}),
   * naming the entry that is not one.
   */
  public static Set<Integer> parseUids(String text) {
    Set<Integer> uids = new HashSet<>();
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      try {
        uids.add(Integer.parseInt(p));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "CREMA_ADMIT_UIDS: \"" + p + "\" is not a user id (expected e.g. 1000,1001 or *)");
      }
    }
    return uids;
  }

  /** This process's real user id, from {@code /proc/self/status}; empty off Linux. */
  public static OptionalInt processUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return OptionalInt.of(Integer.parseInt(line.substring(4).trim().split("\\s+")[0]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // no /proc: not Linux
    }
    return OptionalInt.empty();
  }

  /** Guards the socket whose ZAP domain is {@code domain}, bound to {@code address:port}. */
  public void guard(String domain, InetAddress address, int port) {
    ports.put(domain, new Port(address, port));
  }

  @Override
  public boolean configure(ZMsg msg, boolean verbose) {
    return true;
  }

  @Override
  public boolean authorize(ZAuth.ZapRequest request, boolean verbose) {
    return admits(request.domain);
  }

  /** Whether a connection to the socket named {@code domain} may proceed now. */
  boolean admits(String domain) {
    Port port = ports.get(domain);
    if (port == null) {
      // A connection that raced the socket's registration: the client will reconnect.
      return false;
    }
    List<Integer> uids;
    try {
      uids = table.clientsOf(port.address(), port.number());
    } catch (IOException e) {
      log.accept(domain + ": refused a connection: the socket table is unreadable: " + e);
      return false;
    }
    for (int uid : uids) {
      if (uid != ownUid && uid != ROOT && !alsoAdmitted.contains(uid)) {
        log.accept(
            domain
                + ": refused a connection while user "
                + uid
                + " (not this kernel's user "
                + ownUid
                + ") is connected to port "
                + port.number());
        return false;
      }
    }
    return true;
  }
}
