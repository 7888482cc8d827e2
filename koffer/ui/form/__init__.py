"""The form screen of one open draft, in parts: the screen that wires them (`screen`),
repeat groups (`group_editor`), section navigation (`sections`), the open points
(`findings`), the documents checklist (`documents`) and the keyboard order (`focus`)."""
