import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * What unmasking client frames costs the server, per GiB: Jetty's own {@code Frame.demask()} (the
 * code every frame from an agent goes through) against a plain long-wise XOR of the same buffer.
 * Run with the server jar on the class path, which carries Jetty:
 * {@code java -cp server-javalin/target/remotefetch-server.jar bench/floor/DemaskCost.java}
 */
public final class DemaskCost {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int FRAGMENT = 32 * 1024;
    private static final long GIB = 1L << 30;

    public static void main(String[] args) {
        byte[] mask = {0x1b, 0x2c, 0x3d, 0x4e};
        ByteBuffer direct = ByteBuffer.allocateDirect(FRAGMENT);
        ByteBuffer heap = ByteBuffer.allocate(FRAGMENT);
        for (int round = 0; round < 2; round++) { // the first round is JIT warm-up
            double jetty = secondsPerGib(() -> {
                direct.clear();
                Frame frame = new Frame(OpCode.BINARY);
                frame.setMask(mask.clone());
                frame.setPayload(direct);
                frame.demask();
            });
            double longWise = secondsPerGib(() -> xorLongs(heap.array(), mask));
            if (round == 1) {
                System.out.printf("Jetty Frame.demask():  %.2f s per GiB%n", jetty);
                System.out.printf("long-wise XOR:         %.2f s per GiB (%.1fx faster)%n", longWise, jetty / longWise);
            }
        }
    }

    private static double secondsPerGib(Runnable fragment) {
        long fragments = 4 * GIB / FRAGMENT;
        long start = System.nanoTime();
        for (long i = 0; i < fragments; i++) {
            fragment.run();
        }
        return (System.nanoTime() - start) / 1e9 / 4;
    }

    private static void xorLongs(byte[] bytes, byte[] mask) {
        long m = (mask[0] & 0xFFL) | (mask[1] & 0xFFL) << 8 | (mask[2] & 0xFFL) << 16 | (mask[3] & 0xFFL) << 24;
        m |= m << 32;
        int i = 0;
        for (; i + 8 <= bytes.length; i += 8) {
            LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ m);
        }
        for (; i < bytes.length; i++) {
            bytes[i] ^= mask[i & 3];
        }
    }
}
