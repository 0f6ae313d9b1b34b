package crema.kernel.exec;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * The compiler's file manager as JShell gets it, except that JShell's class index does not see the
 * JDK: 14 MB less live heap in every kernel.
 *
 * <p>JShell's source analysis walks every class of the JDK image and of the class path in the
 * background, once per JVM, and keeps a map from each simple class name to its qualified names (for
 * its "which import did you mean" feature, which Crema does not offer) and the set of package names
 * (to complete {@code java.util.con} into {@code concurrent}). For the JDK's ~28,000 classes that
 * map, and the JDK image's directory nodes the walk leaves cached, held 14 MB of the kernel JVM's
 * heap (in-process JShell on JDK 25: 25 MB live after the index, 11 MB without). JShell finds the
 * JDK through {@link #getLocationAsPaths} of {@link StandardLocation#PLATFORM_CLASS_PATH}, and
 * nothing else asks for it (the compiler reads the JDK's modules through {@code list} and the
 * module locations), so that one answer is empty here and every other call is passed through. The
 * class path is still indexed (the library's and the user's jars: their packages complete as
 * before); the JDK's packages are completed by the kernel from the modules it runs with ({@code
 * crema.kernel.JdkPackages}).
 *
 * <pre>{@code
 * JShell.builder().fileManager(NoJdkIndexFileManager::new).build();
 * }</pre>
 */
public final class NoJdkIndexFileManager extends ForwardingJavaFileManager<StandardJavaFileManager>
    implements StandardJavaFileManager {

  public NoJdkIndexFileManager(StandardJavaFileManager fileManager) {
    super(fileManager);
  }

  /** Empty for the platform class path (the JDK), which only JShell's class index asks for. */
  @Override
  public Iterable<? extends Path> getLocationAsPaths(Location location) {
    if (location == StandardLocation.PLATFORM_CLASS_PATH) {
      return List.of();
    }
    return fileManager.getLocationAsPaths(location);
  }

  // ---- everything else as the compiler's own file manager answers it ----

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(
      Iterable<? extends File> files) {
    return fileManager.getJavaFileObjectsFromFiles(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(
      Collection<? extends Path> paths) {
    return fileManager.getJavaFileObjectsFromPaths(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(File... files) {
    return fileManager.getJavaFileObjects(files);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
    return fileManager.getJavaFileObjects(paths);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
    return fileManager.getJavaFileObjectsFromStrings(names);
  }

  @Override
  public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
    return fileManager.getJavaFileObjects(names);
  }

  @Override
  public void setLocation(Location location, Iterable<? extends File> files) throws IOException {
    fileManager.setLocation(location, files);
  }

  @Override
  public void setLocationFromPaths(Location location, Collection<? extends Path> paths)
      throws IOException {
    fileManager.setLocationFromPaths(location, paths);
  }

  @Override
  public void setLocationForModule(
      Location location, String moduleName, Collection<? extends Path> paths) throws IOException {
    fileManager.setLocationForModule(location, moduleName, paths);
  }

  @Override
  public Iterable<? extends File> getLocation(Location location) {
    return fileManager.getLocation(location);
  }

  @Override
  public Path asPath(FileObject file) {
    return fileManager.asPath(file);
  }

  @Override
  public void setPathFactory(PathFactory f) {
    fileManager.setPathFactory(f);
  }
}
