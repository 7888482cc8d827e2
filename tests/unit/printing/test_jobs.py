from printing.jobs import follow_job
from printing.status import JobState, JobStatus


class Scripted:
    def __init__(self, states):
        self.states = list(states)

    def job_status(self, job_id):
        return self.states.pop(0) if len(self.states) > 1 else self.states[0]


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, seconds):
        self.t += seconds


def test_follows_until_completed_and_reports_changes():
    backend = Scripted(
        [
            JobStatus(1, JobState.PENDING),
            JobStatus(1, JobState.PROCESSING),
            JobStatus(1, JobState.PROCESSING),
            JobStatus(1, JobState.COMPLETED),
        ]
    )
    seen = []
    clock = Clock()
    status = follow_job(backend, 1, on_update=seen.append, clock=clock, sleep=clock.sleep)
    assert status.state is JobState.COMPLETED
    assert [s.state for s in seen] == [JobState.PENDING, JobState.PROCESSING, JobState.COMPLETED]


def test_stops_early_when_the_printer_is_unreachable():
    stuck = JobStatus(1, JobState.PROCESSING, printer_unreachable=True)
    clock = Clock()
    status = follow_job(Scripted([stuck]), 1, clock=clock, sleep=clock.sleep)
    assert status.printer_unreachable
    assert clock.t == 0


def test_gives_up_after_the_timeout():
    clock = Clock()
    status = follow_job(
        Scripted([JobStatus(1, JobState.PENDING)]),
        1,
        timeout=5,
        interval=1,
        clock=clock,
        sleep=clock.sleep,
    )
    assert status.state is JobState.PENDING
    assert clock.t == 5
