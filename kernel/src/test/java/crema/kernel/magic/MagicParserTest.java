package crema.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MagicParserTest {
  @Test
  void plainCodeIsOnePart() {
    List<MagicParser.Part> p = MagicParser.parse("int x = 1;\nx + 1");
    assertEquals(List.of(new MagicParser.Code("int x = 1;\nx + 1")), p);
  }

  @Test
  void cellMagicTakesTheBody() {
    var p = MagicParser.parse("%%html\n<b>hi</b>\n");
    assertEquals(List.of(new MagicParser.CellMagic("html", "", "<b>hi</b>\n")), p);
  }

  @Test
  void lineMagicsSplitCodeAndKeepLineNumbers() {
    var p = MagicParser.parse("%classpath lib/a.jar\nint x = 1;\n%time x + 1");
    assertEquals(3, p.size());
    assertEquals(new MagicParser.LineMagic("classpath", "lib/a.jar", 1), p.get(0));
    var code = assertInstanceOf(MagicParser.Code.class, p.get(1));
    assertEquals("\nint x = 1;\n", code.source(), "padded so that x is on line 2");
    assertEquals(new MagicParser.LineMagic("time", "x + 1", 3), p.get(2));
  }

  @Test
  void percentInsideCodeIsNotAMagic() {
    var p = MagicParser.parse("int r = 7 % 3;\n  %notmagic");
    assertEquals(1, p.size());
    assertTrue(MagicParser.onlyMagics("%lsmagic"));
  }

  @Test
  void mavenCoordinatesAreChecked() {
    assertNull(MavenResolver.checkCoordinates("org.apache.commons:commons-math3:3.6.1"));
    assertNotNull(MavenResolver.checkCoordinates("commons-math3"));
    assertNotNull(MavenResolver.checkCoordinates("a:b:c; rm -rf /"));
  }
}
