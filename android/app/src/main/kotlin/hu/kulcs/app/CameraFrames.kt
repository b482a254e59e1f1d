//! Owns the Camera2 pipeline the scan and transfer screens share: a TextureView preview plus a
//! YUV_420_888 ImageReader whose Y plane (a direct buffer, not copied) goes to [onFrame] on a
//! camera thread. The caller checks the CAMERA permission first.
package hu.kulcs.app

import android.annotation.SuppressLint
import android.graphics.ImageFormat
import android.graphics.SurfaceTexture
import android.hardware.camera2.CameraCaptureSession
import android.hardware.camera2.CameraCharacteristics
import android.hardware.camera2.CameraDevice
import android.hardware.camera2.CameraManager
import android.hardware.camera2.CaptureRequest
import android.hardware.camera2.params.OutputConfiguration
import android.hardware.camera2.params.SessionConfiguration
import android.media.ImageReader
import android.os.Handler
import android.os.HandlerThread
import android.view.Surface
import android.view.TextureView
import java.nio.ByteBuffer

class CameraFrames(
    private val preview: TextureView,
    private val onFailure: () -> Unit,
    private val onFrame: (yPlane: ByteBuffer, width: Int, height: Int, rowStride: Int, rotationDegrees: Int) -> Unit,
) {
    private companion object {
        const val WIDTH = 1280
        const val HEIGHT = 720
    }

    private var thread: HandlerThread? = null
    private var camera: CameraDevice? = null
    private var reader: ImageReader? = null

    @SuppressLint("MissingPermission") // the caller checked it
    fun start() {
        if (camera != null) return
        if (!preview.isAvailable) {
            preview.surfaceTextureListener = object : TextureView.SurfaceTextureListener {
                override fun onSurfaceTextureAvailable(surface: SurfaceTexture, width: Int, height: Int) = start()
                override fun onSurfaceTextureSizeChanged(surface: SurfaceTexture, width: Int, height: Int) {}
                override fun onSurfaceTextureDestroyed(surface: SurfaceTexture): Boolean = true
                override fun onSurfaceTextureUpdated(surface: SurfaceTexture) {}
            }
            return
        }
        val manager = preview.context.getSystemService(CameraManager::class.java) ?: return onFailure()
        val id = manager.cameraIdList.firstOrNull {
            manager.getCameraCharacteristics(it).get(CameraCharacteristics.LENS_FACING) == CameraCharacteristics.LENS_FACING_BACK
        } ?: return onFailure()
        val rotation = manager.getCameraCharacteristics(id).get(CameraCharacteristics.SENSOR_ORIENTATION) ?: 0
        val cameraThread = HandlerThread("kulcs-camera").also { it.start() }
        thread = cameraThread
        val handler = Handler(cameraThread.looper)
        val imageReader = ImageReader.newInstance(WIDTH, HEIGHT, ImageFormat.YUV_420_888, 2)
        reader = imageReader
        imageReader.setOnImageAvailableListener({ r ->
            r.acquireLatestImage()?.use { image ->
                val y = image.planes[0]
                onFrame(y.buffer, image.width, image.height, y.rowStride, rotation)
            }
        }, handler)
        manager.openCamera(id, object : CameraDevice.StateCallback() {
            override fun onOpened(device: CameraDevice) {
                camera = device
                startSession(device, imageReader, handler)
            }
            override fun onDisconnected(device: CameraDevice) = device.close()
            override fun onError(device: CameraDevice, error: Int) {
                device.close()
                preview.post(onFailure)
            }
        }, handler)
    }

    private fun startSession(device: CameraDevice, imageReader: ImageReader, handler: Handler) {
        val texture: SurfaceTexture = preview.surfaceTexture ?: return
        texture.setDefaultBufferSize(WIDTH, HEIGHT)
        val previewSurface = Surface(texture)
        val request = device.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW).apply {
            addTarget(previewSurface)
            addTarget(imageReader.surface)
            set(CaptureRequest.CONTROL_AF_MODE, CaptureRequest.CONTROL_AF_MODE_CONTINUOUS_PICTURE)
        }.build()
        val outputs = listOf(OutputConfiguration(previewSurface), OutputConfiguration(imageReader.surface))
        val config = SessionConfiguration(SessionConfiguration.SESSION_REGULAR, outputs, { handler.post(it) },
            object : CameraCaptureSession.StateCallback() {
                override fun onConfigured(session: CameraCaptureSession) {
                    session.setRepeatingRequest(request, null, handler)
                }
                override fun onConfigureFailed(session: CameraCaptureSession) {
                    preview.post(onFailure)
                }
            })
        device.createCaptureSession(config)
    }

    fun stop() {
        camera?.close()
        camera = null
        reader?.close()
        reader = null
        thread?.quitSafely()
        thread = null
    }
}
