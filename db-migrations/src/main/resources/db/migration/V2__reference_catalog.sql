-- Reference catalog: compute classes and regions (see docs/catalog.md).
-- Plain INSERT ... VALUES only, so MariaDB and H2 (MODE=MySQL) read it alike.
--
-- fp16_tflops: peak DENSE FP16/BF16 tensor (matrix) TFLOPS, never the 2:4 sparsity figure that
--              NVIDIA and AMD print first (it is exactly twice the dense one).
-- fp32_tflops: peak non-tensor (vector) FP32 TFLOPS; NULL where the vendor publishes none.
-- scu:         standard compute units per GPU = fp16_tflops / 100, rounded HALF_UP to 2 decimals
--              (1 SCU = 100 dense FP16 TFLOPS).
-- Figures that are not from a vendor datasheet say so in `source`, starting with NOT FROM.

INSERT INTO compute_class
    (code, vendor, model, architecture, memory_gb, memory_type, fp16_tflops, fp32_tflops,
     memory_bandwidth_gbps, interconnect, scu, source)
VALUES
-- NVIDIA H100 Tensor Core GPU datasheet (SXM); dense FP16 from the H100 architecture whitepaper.
('H100-SXM-80G', 'NVIDIA', 'H100 SXM5 80GB', 'Hopper', 80, 'HBM3', 989.4, 67.0,
 3350, 'NVLink 4 900 GB/s; PCIe Gen5 x16 128 GB/s', 9.89,
 'NVIDIA H100 Tensor Core GPU datasheet, SXM: FP16/BF16 tensor 1,979 TFLOPS with sparsity, FP32 67, HBM3 3.35 TB/s. Dense 989.4 from the NVIDIA H100 Tensor Core GPU Architecture whitepaper (half the sparse figure).'),
-- NVIDIA H100 Tensor Core GPU datasheet (2022 edition, PCIe); dense FP16 from the H100 whitepaper.
('H100-PCIE-80G', 'NVIDIA', 'H100 PCIe 80GB', 'Hopper', 80, 'HBM2e', 756.0, 51.0,
 2000, 'NVLink bridge 600 GB/s; PCIe Gen5 x16 128 GB/s', 7.56,
 'NVIDIA H100 Tensor Core GPU datasheet (2022 edition), PCIe: FP16/BF16 tensor 1,513 TFLOPS with sparsity, FP32 51, HBM2e 2 TB/s. Dense 756 from the NVIDIA H100 Tensor Core GPU Architecture whitepaper. Later datasheet editions list H100 NVL instead.'),
-- NVIDIA H200 Tensor Core GPU datasheet (SXM); same GH100 clocks as H100 SXM, so the same dense FP16.
('H200-SXM-141G', 'NVIDIA', 'H200 SXM 141GB', 'Hopper', 141, 'HBM3e', 989.4, 67.0,
 4800, 'NVLink 4 900 GB/s; PCIe Gen5 x16 128 GB/s', 9.89,
 'NVIDIA H200 Tensor Core GPU datasheet, SXM: FP16/BF16 tensor 1,979 TFLOPS with sparsity, FP32 67, HBM3e 141 GB at 4.8 TB/s. Dense = half the sparse figure, 989.4 as for H100 SXM (same GH100 compute and clocks).'),
-- NOT FROM a public NVIDIA datasheet (none exists for H20): figures as reported from partner spec sheets.
('H20-96G', 'NVIDIA', 'H20 96GB', 'Hopper', 96, 'HBM3', 148.0, 44.0,
 4000, 'NVLink 4 900 GB/s; PCIe Gen5 x16 128 GB/s', 1.48,
 'NOT FROM a public NVIDIA datasheet: NVIDIA publishes none for H20. Figures as widely reported from NVIDIA partner specifications (Nov 2023): FP16/BF16 tensor 148 TFLOPS dense (296 with sparsity), FP32 44, HBM3 96 GB at 4.0 TB/s, NVLink 900 GB/s. Verify against the partner spec sheet.'),
-- NVIDIA A100 Tensor Core GPU datasheet (80GB SXM).
('A100-SXM-80G', 'NVIDIA', 'A100 SXM4 80GB', 'Ampere', 80, 'HBM2e', 312.0, 19.5,
 2039, 'NVLink 3 600 GB/s; PCIe Gen4 x16 64 GB/s', 3.12,
 'NVIDIA A100 Tensor Core GPU datasheet, 80GB SXM: FP16/BF16 tensor 312 TFLOPS dense (624 with sparsity), FP32 19.5, HBM2e 2,039 GB/s, NVLink 600 GB/s.'),
-- NVIDIA A100 Tensor Core GPU datasheet (40GB PCIe).
('A100-PCIE-40G', 'NVIDIA', 'A100 PCIe 40GB', 'Ampere', 40, 'HBM2', 312.0, 19.5,
 1555, 'NVLink bridge 600 GB/s (2 GPUs); PCIe Gen4 x16 64 GB/s', 3.12,
 'NVIDIA A100 Tensor Core GPU datasheet, 40GB PCIe: FP16/BF16 tensor 312 TFLOPS dense (624 with sparsity), FP32 19.5, HBM2 1,555 GB/s, NVLink bridge for 2 GPUs 600 GB/s. Peak at boost clock within a 250 W board power.'),
-- NVIDIA A800 80GB SXM specification, NVIDIA China product page (not on the global datasheet site).
('A800-SXM-80G', 'NVIDIA', 'A800 SXM4 80GB', 'Ampere', 80, 'HBM2e', 312.0, 19.5,
 2039, 'NVLink 3 400 GB/s; PCIe Gen4 x16 64 GB/s', 3.12,
 'NVIDIA A800 80GB SXM specification, NVIDIA China product page (not on the global datasheet site): A100 silicon and clocks, FP16/BF16 tensor 312 TFLOPS dense (624 with sparsity), FP32 19.5, HBM2e 2,039 GB/s, NVLink cut to 400 GB/s for export rules.'),
-- NVIDIA L40S datasheet.
('L40S-48G', 'NVIDIA', 'L40S 48GB', 'Ada Lovelace', 48, 'GDDR6', 362.1, 91.6,
 864, 'PCIe Gen4 x16 64 GB/s; no NVLink', 3.62,
 'NVIDIA L40S datasheet: FP16/BF16 tensor 362.05 TFLOPS dense (733 with sparsity), stored as 362.1, FP32 91.6, GDDR6 with ECC 864 GB/s, PCIe Gen4 x16, no NVLink.'),
-- NOT FROM a global NVIDIA datasheet: L20 specification as distributed in China.
('L20-48G', 'NVIDIA', 'L20 48GB', 'Ada Lovelace', 48, 'GDDR6', 119.5, 59.8,
 864, 'PCIe Gen4 x16 64 GB/s; no NVLink', 1.20,
 'NOT FROM a global NVIDIA datasheet: NVIDIA L20 specification as distributed in China (NVIDIA China and partner spec sheets): FP16/BF16 tensor 119.5 TFLOPS dense (239 with sparsity), FP32 59.8, GDDR6 48 GB at 864 GB/s, PCIe Gen4 x16, 275 W.'),
-- NVIDIA Ada GPU Architecture whitepaper (GeForce RTX 4090); FP16 tensor with FP32 accumulate, dense.
('RTX4090-24G', 'NVIDIA', 'GeForce RTX 4090 24GB', 'Ada Lovelace', 24, 'GDDR6X', 165.2, 82.6,
 1008, 'PCIe Gen4 x16 64 GB/s; no NVLink', 1.65,
 'NVIDIA Ada GPU Architecture whitepaper, RTX 4090: FP16 tensor with FP32 accumulate 165.2 TFLOPS dense (330.4 with sparsity). GeForce halves the FP32-accumulate rate and training accumulates in FP32, so that figure is used, not the FP16-accumulate 330.3. FP32 82.6, GDDR6X 1,008 GB/s.'),
-- NVIDIA Tesla V100 datasheet (SXM2 32GB).
('V100-SXM2-32G', 'NVIDIA', 'Tesla V100 SXM2 32GB', 'Volta', 32, 'HBM2', 125.0, 15.7,
 900, 'NVLink 2 300 GB/s; PCIe Gen3 x16 32 GB/s', 1.25,
 'NVIDIA Tesla V100 datasheet, SXM2 32GB: tensor performance 125 TFLOPS (FP16 inputs, FP32 accumulate, no sparsity), FP32 15.7, HBM2 900 GB/s, NVLink 300 GB/s. Volta has no BF16.'),
-- AMD Instinct MI300X data sheet.
('MI300X-192G', 'AMD', 'Instinct MI300X 192GB', 'CDNA 3', 192, 'HBM3', 1307.4, 163.4,
 5300, 'Infinity Fabric 7 x 128 GB/s; PCIe Gen5 x16 128 GB/s', 13.07,
 'AMD Instinct MI300X data sheet: peak FP16/BF16 matrix 1,307.4 TFLOPS dense (2,614.9 with sparsity), FP32 vector 163.4, HBM3 192 GB at 5.3 TB/s, 7 Infinity Fabric links at 128 GB/s, PCIe Gen5 x16.'),
-- AMD Instinct MI250X data sheet; one OAM module (two GCDs) counts as one GPU here.
('MI250X-128G', 'AMD', 'Instinct MI250X 128GB', 'CDNA 2', 128, 'HBM2e', 383.0, 47.9,
 3277, 'Infinity Fabric 8 x 100 GB/s; PCIe Gen4 x16 64 GB/s', 3.83,
 'AMD Instinct MI250X data sheet: peak FP16/BF16 matrix 383.0 TFLOPS (no sparsity support), FP32 vector 47.9 (95.7 packed/matrix), HBM2e 3.2768 TB/s, 8 Infinity Fabric links at 100 GB/s. One OAM module has 2 GCDs that software sees as 2 GPUs; this class counts the module as one GPU.'),
-- NOT FROM a Huawei datasheet: the most widely cited 910B figures; FP32 unpublished (0.0 = unknown).
('ASCEND910B-64G', 'Huawei', 'Ascend 910B 64GB', 'Da Vinci', 64, 'HBM2e', 320.0, NULL,
 1600, 'HCCS 392 GB/s (reported); PCIe x16', 3.20,
 'NOT FROM a Huawei datasheet: Huawei publishes no per-chip 910B figures. FP16 320 TFLOPS is the most widely cited figure in press and industry reports (2023-2024), as are 1.6 TB/s and HCCS 392 GB/s. FP32 is not published, so it is NULL (unknown). Huawei official figure for the first Ascend 910 (Hot Chips 2019): 256 TFLOPS FP16.');

INSERT INTO region (code, name, country)
VALUES
-- Shanghai, Jiangsu, Zhejiang (the Yangtze River Delta hub).
('CN-EAST', 'East China', 'CN'),
-- Beijing, Tianjin, Hebei.
('CN-NORTH', 'North China', 'CN'),
-- Guangdong (the Greater Bay Area hub).
('CN-SOUTH', 'South China', 'CN'),
-- Guizhou, Gansu, Ningxia, Inner Mongolia: the western national computing hub nodes.
('CN-WEST', 'West China', 'CN'),
('US-WEST', 'US West', 'US'),
-- Frankfurt.
('EU-CENTRAL', 'EU Central', 'DE');
