package crema.kernel;

import crema.kernel.exec.UserVmConfig;
import crema.kernel.protocol.Channels;
import crema.kernel.protocol.ConnectionInfo;
import crema.kernel.protocol.MessageCodec;
import crema.kernel.protocol.Signer;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts the Crema kernel: {@code java -jar crema-kernel.jar CONNECTION_FILE}.
 *
 * <p>Environment: {@code CREMA_JVM_OPTS} for the user VM (e.g. {@code -Xmx2g}), {@code
 * CREMA_DEBUG=1} to log every message on stderr.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 1 && args[0].equals("--warmup")) {
      ArchiveWarmUp.run();
      System.exit(0);
    }
    if (args.length != 1) {
      System.err.println("usage: java -jar crema-kernel.jar CONNECTION_FILE");
      System.exit(2);
    }
    ConnectionInfo info = ConnectionInfo.read(Path.of(args[0]));
    MessageCodec codec = new MessageCodec(new Signer(info.key(), info.signatureScheme()));
    try (Channels channels = new Channels(info, Log::warn)) {
      Kernel kernel = new Kernel(channels, codec, config());
      kernel.serve();
    }
    System.exit(0);
  }

  static UserVmConfig config() throws IOException {
    Path jar = kernelJar();
    List<Path> libs = new ArrayList<>();
    Path libDir = jar.getParent().resolve("lib");
    if (Files.isDirectory(libDir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(libDir, "*.jar")) {
        for (Path p : ds) {
          String n = p.getFileName().toString();
          // The kernel's own protocol libraries stay out of the user's class path.
          if (!n.startsWith("jeromq") && !n.startsWith("jnacl")) {
            libs.add(p);
          }
        }
      }
    }
    libs.sort(null);
    return new UserVmConfig(jar, libs, UserVmConfig.splitOptions(System.getenv("CREMA_JVM_OPTS")));
  }

  private static Path kernelJar() {
    // With -jar, the class path is the jar itself; the code source can be missing for classes
    // mapped from an AOT cache.
    for (String e : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (e.endsWith(".jar") && Path.of(e).getFileName().toString().startsWith("crema-kernel")) {
        return Path.of(e).toAbsolutePath();
      }
    }
    try {
      return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException("cannot locate the kernel jar", e);
    }
  }
}
