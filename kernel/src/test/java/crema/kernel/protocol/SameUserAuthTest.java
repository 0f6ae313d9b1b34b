package crema.kernel.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.zeromq.SocketType;
import org.zeromq.ZAuth;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

class SameUserAuthTest {
  static final int OWN = 1000;

  @Test
  void admitsTheOwnUserAndRootAndRefusesWhileAnotherUserConnects(@TempDir Path dir)
      throws IOException {
    Path tcp = dir.resolve("tcp");
    List<String> log = new ArrayList<>();
    SameUserAuth auth = new SameUserAuth(new SocketTable(List.of(tcp)), OWN, Set.of(), log::add);
    auth.guard("iopub", InetAddress.getByName("127.0.0.1"), 8080);

    SocketTableTest.write(
        tcp, SocketTableTest.client(0xA000, 8080, OWN), SocketTableTest.client(0xA001, 8080, 0));
    assertTrue(auth.admits("iopub"));

    SocketTableTest.write(
        tcp,
        SocketTableTest.client(0xA000, 8080, OWN),
        SocketTableTest.client(0xA001, 8080, 65534));
    assertFalse(auth.admits("iopub"));
    assertEquals(1, log.size());
    assertTrue(log.get(0).contains("iopub") && log.get(0).contains("65534"), log.get(0));

    // another user's connection to some other port is none of this socket's business
    SocketTableTest.write(tcp, SocketTableTest.client(0xA001, 8081, 65534));
    assertTrue(auth.admits("iopub"));
  }

  @Test
  void admitsTheUsersNamedInTheVariable(@TempDir Path dir) throws IOException {
    Path tcp = dir.resolve("tcp");
    SocketTableTest.write(tcp, SocketTableTest.client(0xA001, 8080, 1001));
    SameUserAuth auth =
        new SameUserAuth(
            new SocketTable(List.of(tcp)), OWN, SameUserAuth.parseUids(" 1001, 1002 "), l -> {});
    auth.guard("shell", InetAddress.getByName("127.0.0.1"), 8080);
    assertTrue(auth.admits("shell"));
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> SameUserAuth.parseUids("1000,alice"));
    assertTrue(e.getMessage().contains("\"alice\""), e.getMessage());
  }

  @Test
  void refusesAnUnknownSocketAndAnUnreadableTable(@TempDir Path dir) throws IOException {
    List<String> log = new ArrayList<>();
    Path tcp = dir.resolve("tcp");
    Files.createDirectory(tcp); // a directory: reading it fails
    SameUserAuth auth = new SameUserAuth(new SocketTable(List.of(tcp)), OWN, Set.of(), log::add);
    assertFalse(auth.admits("shell"));
    auth.guard("shell", InetAddress.getByName("127.0.0.1"), 8080);
    assertFalse(auth.admits("shell"));
    assertTrue(log.get(0).contains("socket table"), log.toString());
  }

  @Test
  void zeroMqAsksItBeforeTheFirstMessage(@TempDir Path dir) throws Exception {
    Path tcp = dir.resolve("tcp");
    SocketTableTest.write(tcp);
    SameUserAuth auth = new SameUserAuth(new SocketTable(List.of(tcp)), OWN, Set.of(), line -> {});
    try (ZContext ctx = new ZContext(1);
        ZAuth zap = new ZAuth(ctx, "test", Map.of("NULL", auth))) {
      ZMQ.Socket pub = ctx.createSocket(SocketType.PUB);
      pub.setZapDomain("iopub");
      pub.bind("tcp://127.0.0.1:*");
      String endpoint = pub.getLastEndpoint();
      int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
      auth.guard("iopub", InetAddress.getByName("127.0.0.1"), port);

      // The table says another user holds a connection to the port: no subscriber gets in.
      SocketTableTest.write(tcp, SocketTableTest.client(0xA001, port, 65534));
      assertFalse(received(ctx, pub, endpoint));

      SocketTableTest.write(tcp);
      assertTrue(received(ctx, pub, endpoint));
    }
  }

  /** Whether a new subscriber receives anything published within two seconds. */
  private static boolean received(ZContext ctx, ZMQ.Socket pub, String endpoint) {
    ZMQ.Socket sub = ctx.createSocket(SocketType.SUB);
    sub.setLinger(0);
    sub.subscribe(new byte[0]);
    sub.setReceiveTimeOut(50);
    sub.connect(endpoint);
    try {
      long deadline = System.nanoTime() + 2_000_000_000L;
      while (System.nanoTime() < deadline) {
        pub.send("output");
        if (sub.recv() != null) {
          return true;
        }
      }
      return false;
    } finally {
      sub.close();
    }
  }
}
