using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;
using Rntk.Gpu;

namespace Rntk.Tests.Gpu;

/// <summary>
/// CI has no GPU, so it cannot launch the CUDA kernel; but ILGPU's PTX backend compiles it without one. This
/// catches what the CPU accelerator would not: a .NET method with no PTX mapping (Math.Acos, say) in the kernel.
/// </summary>
public class PtxCompileTests
{
    [Fact]
    public void PairKernelCompilesToPtxForHopper()
    {
        using var context = Context.Create(b => b.Cuda().CPU().Optimize(OptimizationLevel.O2));
        var arch = CudaArchitecture.SM_90;
        var backend = new PTXBackend(context, new CudaCapabilityContext(arch), arch, CudaInstructionSet.ISA_84, null);
        var entry = EntryPointDescription.FromImplicitlyGroupedKernel(typeof(PairKernel).GetMethod(nameof(PairKernel.Run))!);
        var compiled = (PTXCompiledKernel)backend.Compile(entry, KernelSpecialization.Empty);
        string ptx = compiled.PTXAssembly;
        Assert.Contains(".entry", ptx);
        Assert.Contains("sqrt.rn.f64", ptx);   // correctly rounded square root, as Math.Sqrt on the CPU
        Assert.Contains("div.rn.f64", ptx);    // and correctly rounded division
        // Everything inlined: no calls, so no external (libdevice) math function that a driver-only machine lacks.
        Assert.DoesNotContain("call", ptx);
        Assert.DoesNotContain(".extern", ptx);
        backend.Dispose();
    }
}
