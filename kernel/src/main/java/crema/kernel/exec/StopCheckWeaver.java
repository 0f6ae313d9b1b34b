package crema.kernel.exec;

import java.util.HashSet;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Weaves a call to {@code crema.kernel.agent.StopCheck.check()} into the classes compiled from a
 * cell: at the start of every method and before every backward jump, so that the stop button ends a
 * loop written in a cell at the end of its current iteration (see {@code StopCheck}).
 *
 * <p>The call takes no arguments and leaves the operand stack as it was, so the class's stack map
 * frames stay valid and are copied unchanged; nothing needs loading to recompute them. A backward
 * jump is one whose target label was already visited: ASM visits code in bytecode order.
 */
public final class StopCheckWeaver {
  static final String CHECK_OWNER = "crema/kernel/agent/StopCheck";
  static final String CHECK_NAME = "check";

  private StopCheckWeaver() {}

  /** The class file with stop checks woven in. */
  public static byte[] weave(byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new Classes(writer), 0);
    return writer.toByteArray();
  }

  private static final class Classes extends ClassVisitor {
    Classes(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      boolean hasCode = (access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0;
      // A static call before super(...) is legal in a constructor: it does not touch `this`.
      return hasCode && mv != null ? new Methods(mv) : mv;
    }
  }

  private static final class Methods extends MethodVisitor {
    private final Set<Label> seen = new HashSet<>();

    Methods(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitCode() {
      super.visitCode();
      check(); // recursion without loops
    }

    @Override
    public void visitLabel(Label label) {
      seen.add(label);
      super.visitLabel(label);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      if (seen.contains(label)) {
        check();
      }
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      if (seen.contains(dflt) || anySeen(labels)) {
        check();
      }
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      if (seen.contains(dflt) || anySeen(labels)) {
        check();
      }
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    private boolean anySeen(Label[] labels) {
      for (Label l : labels) {
        if (seen.contains(l)) {
          return true;
        }
      }
      return false;
    }

    private void check() {
      super.visitMethodInsn(Opcodes.INVOKESTATIC, CHECK_OWNER, CHECK_NAME, "()V", false);
    }
  }
}
