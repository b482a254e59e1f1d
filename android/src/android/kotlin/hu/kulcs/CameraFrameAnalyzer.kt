//! Owns the CameraX hand-over: ImageAnalysis frames to FrameAnalyzer without copying the Y
//! plane. Android-only (not compiled by the Maven build; see docs/mobile-build.md).
package hu.kulcs

import androidx.camera.core.ImageAnalysis
import androidx.camera.core.ImageProxy
import hu.kulcs.ffi.FrameScan

/** A CameraX analyzer: reports each frame's [FrameScan] to [onScan], then releases the frame. */
class CameraFrameAnalyzer(private val onScan: (FrameScan) -> Unit) : ImageAnalysis.Analyzer, AutoCloseable {
    private val analyzer = FrameAnalyzer()

    override fun analyze(image: ImageProxy) {
        image.use {
            val y = it.planes[0]
            onScan(analyzer.analyze(y.buffer, it.width, it.height, y.rowStride, it.imageInfo.rotationDegrees))
        }
    }

    override fun close() = analyzer.close()
}
