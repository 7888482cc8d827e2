"""The worker helper posts results to the UI thread in order; the autosaver never loses a change."""

from __future__ import annotations

import threading

import pytest

from PySide6.QtWidgets import QApplication

from koffer.ui import worker
from koffer.ui.autosave import AutoSaver

pytestmark = pytest.mark.gui


def test_threaded_runner_delivers_on_ui_thread_in_order(qapp):
    runner = worker.ThreadRunner()
    main = threading.get_ident()
    seen: list[tuple[int, bool, bool]] = []
    for index in range(20):
        runner.submit(
            lambda i=index: (i, threading.get_ident() != main),
            lambda result: seen.append((*result, threading.get_ident() == main)),
        )
    errors: list[str] = []
    runner.submit(lambda: 1 / 0, None, lambda exc: errors.append(type(exc).__name__))
    assert runner.wait_idle(10_000)
    assert [s[0] for s in seen] == list(range(20))
    assert all(off and on for _i, off, on in seen)
    assert errors == ["ZeroDivisionError"]
    assert not runner.busy


class FlakyStore:
    def __init__(self) -> None:
        self.answers: dict[str, object] = {}
        self.fail = False

    def set_answer(self, _draft, path, value):
        if self.fail:
            raise OSError("disk gone")
        self.answers[path] = value

    def set_answers(self, _draft, answers):
        self.answers = dict(answers)

    def set_completeness(self, _draft, value):
        self.answers["__completeness"] = value

    def set_status(self, _draft, value):
        self.answers["__status"] = value


def test_autosaver_keeps_failed_changes_and_retries(qapp):
    worker.set_runner(worker.SyncRunner())
    try:
        store = FlakyStore()
        saver = AutoSaver(store, "d1")
        failures: list[BaseException] = []
        saver.failed.connect(failures.append)
        store.fail = True
        saver.answer("name", "Erika")
        assert failures
        assert "name" not in store.answers
        store.fail = False
        saver.answer("ort", "Kassel")
        assert store.answers["name"] == "Erika"
        assert store.answers["ort"] == "Kassel"
        assert saver.idle
        done: list[bool] = []
        saver.when_idle(lambda: done.append(True))
        assert done == [True]
    finally:
        worker.set_runner(None)
    QApplication.processEvents()
