using System.Runtime.InteropServices;

namespace VoiceMirror.Engine.Animators.Wav2Lip;

/// <summary>
/// The few CUDA runtime calls that ONNX Runtime's C# API lacks: device and page-locked buffers at fixed addresses
/// (what a CUDA graph replays against) and the copies into and out of them. libcudart is the one the CUDA execution
/// provider loads anyway, so nothing new is installed; where it cannot be found the engine keeps ONNX Runtime's own
/// copies. Looked up by hand rather than with DllImport, so that a host without it only ever sees <see cref="Available"/>
/// say false.
/// </summary>
internal static unsafe class CudaRuntime
{
    private const int HostToDevice = 1, DeviceToHost = 2;

    private static readonly Lazy<IntPtr> Handle = new(() =>
    {
        // ONNX Runtime 1.31's CUDA provider is built for CUDA 13; 12 covers hosts with the other build.
        foreach (var file in new[] { "libcudart.so.13", "libcudart.so.12", "libcudart.so", "cudart64_13.dll", "cudart64_12.dll" })
            if (NativeLibrary.TryLoad(file, out var handle)) return handle;
        return IntPtr.Zero;
    });

    /// <summary>True when libcudart loads and sees a device.</summary>
    public static bool Available()
    {
        if (Handle.Value == IntPtr.Zero) return false;
        int count;
        return ((delegate* unmanaged<int*, int>)Export("cudaGetDeviceCount"))(&count) == 0 && count > 0;
    }

    public static IntPtr AllocDevice(long bytes, int device)
    {
        Check(((delegate* unmanaged<int, int>)Export("cudaSetDevice"))(device), "cudaSetDevice");
        IntPtr pointer;
        Check(((delegate* unmanaged<IntPtr*, nuint, int>)Export("cudaMalloc"))(&pointer, (nuint)bytes), "cudaMalloc");
        return pointer;
    }

    /// <summary>Page-locked host memory: copies from it run at full bus speed and need no staging.</summary>
    public static IntPtr AllocPinned(long bytes)
    {
        IntPtr pointer;
        Check(((delegate* unmanaged<IntPtr*, nuint, int>)Export("cudaMallocHost"))(&pointer, (nuint)bytes), "cudaMallocHost");
        return pointer;
    }

    public static void FreeDevice(IntPtr pointer)
    {
        if (pointer != IntPtr.Zero) ((delegate* unmanaged<IntPtr, int>)Export("cudaFree"))(pointer);
    }

    public static void FreePinned(IntPtr pointer)
    {
        if (pointer != IntPtr.Zero) ((delegate* unmanaged<IntPtr, int>)Export("cudaFreeHost"))(pointer);
    }

    public static void Upload(IntPtr device, IntPtr host, long bytes) => Copy(device, host, bytes, HostToDevice);

    public static void Download(IntPtr host, IntPtr device, long bytes) => Copy(host, device, bytes, DeviceToHost);

    /// <summary>ONNX Runtime computes on its own stream; this orders our copies with its kernels.</summary>
    public static void Synchronize() => Check(((delegate* unmanaged<int>)Export("cudaDeviceSynchronize"))(), "cudaDeviceSynchronize");

    private static void Copy(IntPtr destination, IntPtr source, long bytes, int kind) =>
        Check(((delegate* unmanaged<IntPtr, IntPtr, nuint, int, int>)Export("cudaMemcpy"))(destination, source, (nuint)bytes, kind), "cudaMemcpy");

    private static IntPtr Export(string name) => NativeLibrary.GetExport(Handle.Value, name);

    private static void Check(int status, string call)
    {
        if (status != 0) throw new InvalidOperationException($"{call} failed with CUDA error {status}.");
    }
}
