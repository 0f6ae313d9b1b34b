package crema.data;

import crema.tensor.Tensor;
import java.awt.image.BufferedImage;

/**
 * Converts an image to a {@code [C, H, W]} tensor with values in [0, 1], like {@code
 * torchvision.transforms.ToTensor}: C = 1 for grey, 3 for RGB (alpha is dropped).
 *
 * <pre>{@code
 * Tensor t = ToTensor.of(ImageIO.read(file), 3);   // [3, H, W]
 * }</pre>
 */
public final class ToTensor {
  private ToTensor() {}

  /**
   * The image as {@code [channels, H, W]}; {@code channels} is 1 (grey, by the ITU-R BT.601 luma
   * weights 0.299 R + 0.587 G + 0.114 B) or 3 (RGB).
   */
  public static Tensor of(BufferedImage img, int channels) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("ToTensor: channels must be 1 or 3, got " + channels);
    }
    int h = img.getHeight();
    int w = img.getWidth();
    java.awt.image.Raster raster = img.getRaster();
    if (raster.getNumBands() == 1
        && !(img.getColorModel() instanceof java.awt.image.IndexColorModel)
        && raster.getSampleModel().getSampleSize(0) <= 16) {
      // Read grey samples directly: getRGB would pass them through a gamma conversion.
      float max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
      float[] grey = raster.getSamples(0, 0, w, h, 0, (float[]) null);
      for (int i = 0; i < grey.length; i++) {
        grey[i] /= max;
      }
      if (channels == 1) {
        return Tensor.wrap(grey, 1, h, w);
      }
      float[] out = new float[3 * h * w];
      for (int c = 0; c < 3; c++) {
        System.arraycopy(grey, 0, out, c * h * w, h * w);
      }
      return Tensor.wrap(out, 3, h, w);
    }
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    float[] out = new float[channels * h * w];
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int p = rgb[i];
      float r = ((p >> 16) & 0xff) / 255f;
      float g = ((p >> 8) & 0xff) / 255f;
      float b = (p & 0xff) / 255f;
      if (channels == 1) {
        out[i] = 0.299f * r + 0.587f * g + 0.114f * b;
      } else {
        out[i] = r;
        out[plane + i] = g;
        out[2 * plane + i] = b;
      }
    }
    return Tensor.wrap(out, channels, h, w);
  }

  /** Grey for single-band images, RGB otherwise. */
  public static Tensor of(BufferedImage img) {
    return of(img, img.getRaster().getNumBands() == 1 ? 1 : 3);
  }
}
