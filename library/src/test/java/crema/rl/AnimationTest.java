package crema.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import crema.display.MimeBundle;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

class AnimationTest {

  @Test
  void anEpisodeBecomesALoopingGif() throws Exception {
    var env = new CartPole();
    var anim = new Animation(25).keepEvery(2);
    Episode<float[]> ep = Rollouts.play(env, obs -> obs[2] > 0 ? 1 : 0, 3, anim::add);
    assertEquals((ep.length() + 1 + 1) / 2, anim.size(), "every second of the T + 1 frames");
    byte[] gif = anim.toGif();
    assertEquals("GIF89a", new String(gif, 0, 6, "US-ASCII"));
    assertTrue(new String(gif, "ISO-8859-1").contains("NETSCAPE2.0"), "loops");
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
      reader.setInput(in);
      assertEquals(anim.size(), reader.getNumImages(true));
      assertEquals(300, reader.getWidth(0));
    }
    MimeBundle b = anim.toMimeBundle();
    String html = b.get(MimeBundle.HTML);
    assertTrue(html.startsWith("<img src=\"data:image/gif;base64,"));
    String payload = html.substring(html.indexOf(',') + 1, html.indexOf('"', html.indexOf(',')));
    assertEquals(gif.length, Base64.getDecoder().decode(payload).length);
    assertTrue(b.has(MimeBundle.PNG));
  }
}
