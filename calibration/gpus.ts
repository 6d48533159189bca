/**
 * GPU classes for the roofline emulator, with figures from the vendors' data sheets.
 *
 * Units: memory bandwidth in bytes/s, dense FP16 tensor throughput in FLOP/s (no
 * structured sparsity), memory in bytes, TDP (board power limit) in W.
 *
 * Sources (NVIDIA data sheets / whitepapers):
 * - H100 SXM5 80 GB and H100 PCIe 80 GB: "NVIDIA H100 Tensor Core GPU" data sheet
 *   (nvidia.com/en-us/data-center/h100): SXM 3.35 TB/s, 989 TFLOPS FP16 dense
 *   (1,979 with sparsity), up to 700 W; PCIe 2.0 TB/s, 756 TFLOPS dense (1,513 sparse), 350 W.
 * - H200 SXM 141 GB: "NVIDIA H200 Tensor Core GPU" data sheet (nvidia.com/en-us/data-center/h200):
 *   4.8 TB/s, 989 TFLOPS FP16 dense (1,979 sparse), up to 700 W.
 * - A100 SXM 80 GB: "NVIDIA A100 Tensor Core GPU" data sheet (nvidia.com/en-us/data-center/a100):
 *   2,039 GB/s, 312 TFLOPS FP16 dense (624 sparse), 400 W.
 * - L40S 48 GB: "NVIDIA L40S" data sheet (nvidia.com/en-us/data-center/l40s): 864 GB/s,
 *   362.05 TFLOPS FP16 tensor dense (733 sparse), 350 W.
 * - GeForce RTX 4090 24 GB: "NVIDIA Ada GPU Architecture" whitepaper, appendix table:
 *   1,008 GB/s, 165.2 TFLOPS FP16 tensor with FP32 accumulate dense (330.3 with FP16
 *   accumulate), 450 W total graphics power.
 * - GeForce RTX 3090 24 GB: "NVIDIA Ampere GA102 GPU Architecture" whitepaper: 936 GB/s,
 *   71 TFLOPS FP16 tensor with FP32 accumulate dense (142 with FP16 accumulate), 350 W.
 *
 * For the consumer cards the FP32-accumulate figure is used because inference kernels
 * (cuBLAS/FlashAttention in FP16/BF16) accumulate in FP32.
 */
export interface GpuSpec {
  /** Short identifier used on the command line, e.g. `rtx4090`. */
  readonly id: string;
  /** Human-readable name. */
  readonly name: string;
  /** Peak memory bandwidth, bytes/s. */
  readonly memoryBandwidthBytesPerSec: number;
  /** Peak dense FP16 tensor throughput, FLOP/s. */
  readonly fp16FlopsPerSec: number;
  /** Device memory, bytes. */
  readonly memoryBytes: number;
  /** Thermal design power / board power limit, W. */
  readonly tdpW: number;
  /** Where the figures come from. */
  readonly source: string;
}

const GB = 1e9;
const TB = 1e12;
const TFLOPS = 1e12;

/** Every GPU class the emulator knows, keyed by id. */
export const GPUS: Readonly<Record<string, GpuSpec>> = {
  h100sxm: {
    id: "h100sxm",
    name: "NVIDIA H100 SXM5 80GB",
    memoryBandwidthBytesPerSec: 3.35 * TB,
    fp16FlopsPerSec: 989 * TFLOPS,
    memoryBytes: 80 * GB,
    tdpW: 700,
    source: "NVIDIA H100 Tensor Core GPU data sheet",
  },
  h100pcie: {
    id: "h100pcie",
    name: "NVIDIA H100 PCIe 80GB",
    memoryBandwidthBytesPerSec: 2.0 * TB,
    fp16FlopsPerSec: 756 * TFLOPS,
    memoryBytes: 80 * GB,
    tdpW: 350,
    source: "NVIDIA H100 Tensor Core GPU data sheet",
  },
  h200: {
    id: "h200",
    name: "NVIDIA H200 SXM 141GB",
    memoryBandwidthBytesPerSec: 4.8 * TB,
    fp16FlopsPerSec: 989 * TFLOPS,
    memoryBytes: 141 * GB,
    tdpW: 700,
    source: "NVIDIA H200 Tensor Core GPU data sheet",
  },
  a100: {
    id: "a100",
    name: "NVIDIA A100 SXM4 80GB",
    memoryBandwidthBytesPerSec: 2.039 * TB,
    fp16FlopsPerSec: 312 * TFLOPS,
    memoryBytes: 80 * GB,
    tdpW: 400,
    source: "NVIDIA A100 Tensor Core GPU data sheet",
  },
  l40s: {
    id: "l40s",
    name: "NVIDIA L40S 48GB",
    memoryBandwidthBytesPerSec: 864 * GB,
    fp16FlopsPerSec: 362.05 * TFLOPS,
    memoryBytes: 48 * GB,
    tdpW: 350,
    source: "NVIDIA L40S data sheet",
  },
  rtx4090: {
    id: "rtx4090",
    name: "NVIDIA GeForce RTX 4090 24GB",
    memoryBandwidthBytesPerSec: 1.008 * TB,
    fp16FlopsPerSec: 165.2 * TFLOPS,
    memoryBytes: 24 * GB,
    tdpW: 450,
    source: "NVIDIA Ada GPU Architecture whitepaper (appendix)",
  },
  rtx3090: {
    id: "rtx3090",
    name: "NVIDIA GeForce RTX 3090 24GB",
    memoryBandwidthBytesPerSec: 936 * GB,
    fp16FlopsPerSec: 71 * TFLOPS,
    memoryBytes: 24 * GB,
    tdpW: 350,
    source: "NVIDIA Ampere GA102 GPU Architecture whitepaper",
  },
};

const ALIASES: Readonly<Record<string, string>> = {
  h100: "h100sxm",
  "h100-sxm": "h100sxm",
  "h100-pcie": "h100pcie",
  "a100-80gb": "a100",
  "rtx-4090": "rtx4090",
  "rtx-3090": "rtx3090",
  "4090": "rtx4090",
  "3090": "rtx3090",
};

/** Looks a GPU class up by id or alias (case-insensitive); undefined when unknown. */
export function findGpu(id: string): GpuSpec | undefined {
  const key = id.toLowerCase();
  return GPUS[ALIASES[key] ?? key];
}
