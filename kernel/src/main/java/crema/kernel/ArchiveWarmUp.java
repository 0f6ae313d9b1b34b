package crema.kernel;

import crema.kernel.exec.UserVmConfig;
import crema.kernel.protocol.MessageCodec;
import crema.kernel.protocol.Signer;
import java.util.List;
import jdk.jshell.JShell;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A training run for class-data sharing: {@code java -XX:ArchiveClassesAtExit=A -jar
 * crema-kernel.jar --warmup} loads what a kernel start and the first cells load (JeroMQ, Gson,
 * javac inside JShell, the library's imports), so that kernels started with {@code
 * -XX:SharedArchiveFile=A} map those classes instead of loading them. {@code install-kernelspec.sh}
 * runs it. The first of the kernel's three warm-ups (see {@code crema.kernel.exec.JavacWarmUp}).
 */
final class ArchiveWarmUp {
  private ArchiveWarmUp() {}

  static void run() throws Exception {
    try (ZContext ctx = new ZContext(1)) {
      ZMQ.Socket s = ctx.createSocket(SocketType.ROUTER);
      s.bind("tcp://127.0.0.1:*");
      ZMQ.Socket p = ctx.createSocket(SocketType.PUB);
      p.bind("tcp://127.0.0.1:*");
    }
    MessageCodec codec = new MessageCodec(new Signer("warmup", "hmac-sha256"));
    codec.encode(
        List.of(),
        codec.header("status"),
        null,
        new com.google.gson.JsonObject(),
        KernelInfo.content());
    UserVmConfig config = Main.config();
    // The local engine: the point is javac's classes in this JVM, not a user VM.
    try (JShell shell =
        JShell.builder()
            .executionEngine("local")
            .fileManager(crema.kernel.exec.NoJdkIndexFileManager::new)
            .build()) {
      // With the library on the class path, as in a kernel: the crema imports then resolve, and
      // the training covers reading the library's jars, not only the JDK's modules.
      String cp = config.compilerClasspath();
      if (!cp.isEmpty()) {
        shell.addToClasspath(cp);
      }
      for (String imp : config.preloadImports()) {
        shell.eval(imp);
      }
      shell.eval("int warm = 1;");
      shell.eval("void twice() { warm *= 2; }");
      shell.eval("twice();");
      for (int i = 0; i < 3; i++) {
        // An expression, then the drop of its $N variable, as every kernel cell with a value.
        for (jdk.jshell.SnippetEvent e : shell.eval("String.valueOf(warm).length() + " + i)) {
          shell.drop(e.snippet());
        }
      }
      shell.sourceCodeAnalysis().completionSuggestions("System.out.pri", 14, new int[1]);
      shell.sourceCodeAnalysis().analyzeCompletion("for (int i = 0; i < 3; i++) {");
    }
  }
}
