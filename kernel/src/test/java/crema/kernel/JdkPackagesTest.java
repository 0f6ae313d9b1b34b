package crema.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JdkPackagesTest {
  private static JdkPackages.Completion at(String code) {
    return JdkPackages.complete(code, code.length());
  }

  @Test
  void completesTheNextSegmentOfAPackageName() {
    JdkPackages.Completion c = at("import java.util.con");
    assertEquals(List.of("concurrent."), c.names());
    assertEquals("import java.util.".length(), c.start());
    assertEquals(List.of("atomic.", "locks."), at("java.util.concurrent.").names());
  }

  @Test
  void completesTopLevelNamesInAnyExpression() {
    List<String> names = at("var x = new jav").names();
    assertTrue(names.containsAll(List.of("java.", "javax.")), names.toString());
    assertTrue(names.stream().allMatch(n -> n.startsWith("jav")), names.toString());
    assertTrue(at("(java.ut").names().contains("util."));
  }

  @Test
  void onlyPackagesThatAModuleExportsToAll() {
    // jdk.internal.misc is in java.base but exported only to named modules.
    assertTrue(!at("jdk.internal.mi").names().contains("misc."), at("jdk.internal.mi").toString());
    assertTrue(at("java.lang.").names().contains("invoke."));
  }

  @Test
  void nothingWhereNoPackageNameCanStand() {
    assertEquals(List.of(), at("System.out.pri").names()); // a field, not a package
    assertEquals(List.of(), at("foo().ja").names()); // a member of a value
    assertEquals(List.of(), at("String s = \"java.ut").names()); // inside a string
    assertEquals(List.of(), at("@java.lang.Depr").names()); // an annotation's class
    assertEquals(List.of(), at("java.util.Arr").names()); // classes are JShell's to complete
    assertEquals(List.of(), at("int x = 1; ").names()); // nothing typed
    assertEquals(List.of(), at("").names());
  }

  @Test
  void theCursorNeedNotBeAtTheEnd() {
    JdkPackages.Completion c = JdkPackages.complete("import java.ut;\nint x;", 14);
    assertEquals(List.of("util."), c.names());
    assertEquals(12, c.start());
  }
}
