/**
 * Importing BioImage Model Zoo (bioimage.io) packages: {@link org.scsefiji.bioimageio.ModelLoader} loads a .scse
 * model or a package, the latter as a {@link org.scsefiji.model.ScseModel} whose network runs the package's ONNX
 * (ONNX Runtime) or TorchScript (DJL PyTorch) weights behind scSE-Fiji's network contract, so that segmenting,
 * tiling, outputs and overlays are the same code for both. The export is {@code org.scsefiji.export}.
 */
package org.scsefiji.bioimageio;
