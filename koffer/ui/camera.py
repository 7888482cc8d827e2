"""Take a photo of a proof with a camera, where QtMultimedia finds one."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QDialog, QHBoxLayout, QVBoxLayout, QWidget

from koffer.ui.widgets import button, paragraph, primary_button


class CameraDialog(QDialog):
    """A live preview and one button: take the photo. `jpeg` holds the result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QImageCapture, QMediaCaptureSession
        from PySide6.QtMultimediaWidgets import QVideoWidget

        self.setWindowTitle(self.tr("Foto aufnehmen"))
        self.jpeg: bytes | None = None
        layout = QVBoxLayout(self)
        self.preview = QVideoWidget(self)
        self.preview.setMinimumSize(480, 360)
        layout.addWidget(self.preview, 1)
        self.message = paragraph("", self, "error")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        cancel = button(self.tr("Abbrechen"), self)
        self.shoot = primary_button(self.tr("Aufnehmen"), self)
        row.addWidget(cancel)
        row.addStretch(1)
        row.addWidget(self.shoot)
        layout.addLayout(row)
        self.camera = QCamera(self)
        self.capture = QImageCapture(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setImageCapture(self.capture)
        self.session.setVideoOutput(self.preview)
        self.capture.imageCaptured.connect(self._captured)
        self.camera.errorOccurred.connect(
            lambda *_: self.message.setText(self.tr("Die Kamera meldet einen Fehler."))
        )
        cancel.clicked.connect(self.reject)
        self.shoot.clicked.connect(self.capture.capture)
        self.camera.start()

    def _captured(self, _request_id: int, image: QImage) -> None:
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "JPEG", 85)  # type: ignore[call-overload]
        self.jpeg = bytes(data.data())
        self.camera.stop()
        self.accept()
