"""Attachments of a field: add PDF/JPEG/PNG files (or a camera photo), see thumbnails, remove."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any, Protocol

from shiboken6 import isValid

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from forms.model import AnswerValue, FormField
from koffer.drafting.attachments import AttachmentRejectedError, check_attachment
from koffer.ui.fields import FieldEditor
from koffer.ui.widgets import button, paragraph
from koffer.ui.worker import Lane, run_in_background

log = logging.getLogger(__name__)
THUMB = 96
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AttachmentPort(Protocol):
    """What the editor asks of the open drafts (`koffer.drafting.workspace.Workspace`).

    Called on the store lane only.
    """

    def list_attachments(self, draft_id: str) -> list[Any]:
        """The draft's attachments (metadata)."""
        ...

    def attachment_data(self, attachment_id: str) -> bytes:
        """An attachment's bytes."""
        ...

    def attach(self, draft_id: str, path: str, filename: str, data: bytes) -> Any:
        """Check and attach a file; the stored attachment."""
        ...

    def detach(self, attachment_id: str) -> None:
        """Remove an attachment."""
        ...


@functools.cache
def camera_available() -> bool:
    """Whether QtMultimedia finds a camera (False when the module or a camera is missing).

    Asked once per run: probing loads the multimedia backend, which takes a while.
    """
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError:
        return False
    try:
        return bool(QMediaDevices.videoInputs())
    except Exception:  # noqa: BLE001 - no multimedia backend: simply no camera
        return False


def _thumbnail(data: bytes, media_type: str) -> QImage | None:
    """A small preview (runs on a worker thread; QImage is thread-safe)."""
    if not media_type.startswith("image/"):
        return None
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.scaled(
        THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )


class AttachmentEditor(FieldEditor):
    """The files attached to one field of one draft."""

    attached = Signal(str, str)  # attachment id, file name
    detached = Signal(str)  # attachment id, removed from the store (after `edited`)

    def __init__(
        self, field: FormField, store: AttachmentPort, draft_id: str, parent: QWidget
    ) -> None:
        super().__init__(field, parent)
        self._store = store
        self._draft_id = draft_id
        self._ids: list[str] = []
        layout = self.body(horizontal=False)
        self.list = QListWidget(self)
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setWordWrap(True)
        self.list.setMinimumHeight(THUMB + 60)
        self.list.setAccessibleName(self.tr("Angehängte Dateien"))
        layout.addWidget(self.list)
        self.message = paragraph("", self, "error")
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.add = button(self.tr("Datei anhängen …"), self)
        self.photo = button(self.tr("Foto aufnehmen …"), self)
        self.photo.setVisible(camera_available())
        self.remove = button(self.tr("Entfernen"), self)
        row.addWidget(self.add)
        row.addWidget(self.photo)
        row.addWidget(self.remove)
        row.addStretch(1)
        layout.addLayout(row)
        self.add.clicked.connect(self._choose_file)
        self.photo.clicked.connect(self._take_photo)
        self.remove.clicked.connect(self._remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove.setEnabled(bool(self.list.selectedItems()))
        )
        self.remove.setEnabled(False)

    def focus_widgets(self) -> list[QWidget]:
        """Add button, list, remove button."""
        return [self.add, self.list, self.remove]

    def describe(self, name: str, description: str) -> None:
        """Name the buttons after the field."""
        self.add.setAccessibleName(self.tr("Datei anhängen: {name}").format(name=name))
        self.add.setAccessibleDescription(description)
        self.list.setAccessibleDescription(name)
        self.remove.setAccessibleName(
            self.tr("Ausgewählten Anhang entfernen: {name}").format(name=name)
        )

    def value(self) -> AnswerValue:
        """Attachment ids."""
        return list(self._ids) or None

    def _show(self, value: AnswerValue) -> None:
        self._ids = [str(v) for v in value] if isinstance(value, list) else []
        self._reload()

    def _reload(self) -> None:
        store, draft_id, wanted = self._store, self._draft_id, list(self._ids)
        if not wanted:
            self.list.clear()
            return

        def job() -> list[tuple[str, str, str, QImage | None]]:
            infos = {str(getattr(i, "id", "")): i for i in store.list_attachments(draft_id)}
            out = []
            for attachment_id in wanted:
                info = infos.get(attachment_id)
                if info is None:
                    continue
                media = str(getattr(info, "media_type", ""))
                data = store.attachment_data(attachment_id) if media.startswith("image/") else b""
                out.append(
                    (
                        attachment_id,
                        str(getattr(info, "filename", "")),
                        media,
                        _thumbnail(data, media),
                    )
                )
            return out

        run_in_background(job, self._fill, self._fail, Lane.STORE)

    def _fill(self, rows: list[tuple[str, str, str, QImage | None]]) -> None:
        if not isValid(self):  # the form was closed (lock) while the job ran
            return
        self.list.clear()
        for attachment_id, filename, media, image in rows:
            item = QListWidgetItem(filename)
            if image is not None:
                item.setIcon(QIcon(QPixmap.fromImage(image)))
            else:
                item.setText(f"{filename}\n({'PDF' if media.endswith('pdf') else media})")
            item.setData(ID_ROLE, attachment_id)
            item.setToolTip(filename)
            self.list.addItem(item)

    def _fail(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.show_error(
            getattr(exc, "user_message", None)
            or getattr(exc, "message", None)
            or self.tr("Die Anhänge konnten nicht geladen werden.")
        )

    def show_error(self, text: str) -> None:
        """A clear message under the list."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _choose_file(self) -> None:
        # Koffer's own chooser: no desktop recent-files entry, no Qt folder history
        from koffer.ui.file_chooser import choose_file

        chosen = choose_file(
            self,
            self.tr("Nachweis anhängen"),
            self.tr("Nachweise (*.pdf *.jpg *.jpeg *.png)"),
        )
        if chosen is not None and isValid(self):
            self.add_file(chosen)

    def add_file(self, path: Path) -> None:
        """Check `path` and attach it; a clear message when it is too large or not allowed.

        The check runs here first, on the file's size and first bytes, so a file far
        too large is never read; the workspace checks the bytes again when it attaches.
        """
        try:
            size = path.stat().st_size
            with path.open("rb") as handle:
                head = handle.read(16)
            checked = check_attachment(
                path.name, size, head, self.field.media_types, self.field.max_size_mb
            )
        except AttachmentRejectedError as rejected:
            self.show_error(rejected.message)
            return
        except OSError:
            self.show_error(self.tr("Die Datei kann nicht gelesen werden."))
            return
        self.show_error("")
        self.add_bytes(path.name, checked.media_type, None, path)

    def add_bytes(
        self, filename: str, media_type: str, data: bytes | None, path: Path | None = None
    ) -> None:
        """Store a checked file (from disk or the camera) and add it to the answer."""
        store, draft_id, field_id = self._store, self._draft_id, self.field.id
        del media_type  # the workspace takes the type from the bytes themselves

        def job() -> str:
            payload = data if data is not None else path.read_bytes()  # type: ignore[union-attr]
            info = store.attach(draft_id, field_id, filename, payload)
            return str(getattr(info, "id", info))

        def done(attachment_id: str) -> None:
            if not isValid(self):
                return
            self._ids.append(attachment_id)
            self.attached.emit(attachment_id, filename)
            self.edited.emit(self.value())
            self._reload()

        run_in_background(job, done, self._fail, Lane.STORE)

    def _remove_selected(self) -> None:
        items = self.list.selectedItems()
        if not items:
            return
        attachment_id = str(items[0].data(ID_ROLE))
        store = self._store

        def done(_result: object) -> None:
            if not isValid(self):
                return
            self._ids = [i for i in self._ids if i != attachment_id]
            self.edited.emit(self.value())
            self.detached.emit(attachment_id)
            self._reload()

        run_in_background(lambda: store.detach(attachment_id), done, self._fail, Lane.STORE)

    def _take_photo(self) -> None:
        from koffer.ui.camera import CameraDialog

        dialog = CameraDialog(self)
        if dialog.exec() and dialog.jpeg:
            self.add_bytes(self.tr("Foto.jpg"), "image/jpeg", dialog.jpeg)
