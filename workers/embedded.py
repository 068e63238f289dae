"""The worker side inside one process (``assure run`` and tests): StubBroker, a dramatiq Worker, the relay and
the scheduler as threads."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import dramatiq
from apscheduler.schedulers.background import BackgroundScheduler
from dramatiq import Worker

from workers import runtime
from workers.broker import setup_broker
from workers.relay import Relay, broker_send
from workers.runtime import Runtime
from workers.scheduler import add_jobs


@dataclass
class WorkerSide:
    """Start and stop the in-process worker machinery."""

    rt: Runtime
    max_retries: int | None = None
    schedule: bool = True
    stop_event: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        runtime.use(self.rt)
        self.broker = setup_broker(self.rt.settings)
        from workers import actors

        actors.bind(self.broker, self.max_retries)
        # Notifications and scans never wait behind webhook deliveries: each has its own pool of threads.
        self.workers = [
            Worker(self.broker, queues={actors.NOTIFICATIONS, actors.SCANS}, worker_threads=2, worker_timeout=100),
            Worker(self.broker, queues={actors.WEBHOOKS}, worker_threads=2, worker_timeout=100),
        ]
        for worker in self.workers:
            worker.start()
        self.relay = Relay(self.rt, broker_send)
        self.thread = threading.Thread(
            target=self.relay.follow, args=(self.stop_event, self.rt.settings.relay_poll_interval), daemon=True
        )
        self.thread.start()
        self.scheduler = BackgroundScheduler()
        if self.schedule:
            add_jobs(self.scheduler, self.rt.settings, broker_send)
            self.scheduler.start()

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=5)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for worker in self.workers:
            worker.stop(timeout=5000)
        dramatiq.get_broker().close()
