"""Two processes write one window database at once (the GUI and the CLI; two CLI runs).

Every write transaction begins with BEGIN IMMEDIATE: the second writer waits for the first
instead of failing with SQLITE_BUSY_SNAPSHOT, and what a writer reads before it writes (the
last audit hash, the day's last case number) cannot change under it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import keyring
from cases_catalog import install
from keyring.backends.fail import Keyring as FailKeyring
from sqlalchemy import func, select

from app.audit import verify_chain
from app.storage.db import Database
from app.storage.models import AuditEntry, Case, OutboxEntry, VerificationRequest

ROOT = Path(__file__).resolve().parent.parent
PER_PROCESS = 200

WRITER = """
import sys, time
from pathlib import Path
from app.cases import Applicant, CaseService
from app.domain import ApplicantKind
from app.storage.db import Database

home, go, name = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
db = Database.open(home)
svc = CaseService(db, clerk=name, window_code="HF01")
applicant = Applicant(ApplicantKind.PERSON, "王秀英", "11010519491231002X", "")
while not go.exists():
    time.sleep(0.005)
for n in range(int(sys.argv[4])):
    case = svc.new_case(applicant, matter_code="M1")
    if n % 4 == 0:
        svc.resolve(case.id, "C2", "verify")
    svc.get(case.id, audit_access=True)
print("done")
"""


def test_two_processes_write_200_cases_each_at_once(tmp_path: Path) -> None:
    # like the writers (keyring's fail backend), this process keeps the audit key in the file
    keyring.set_keyring(FailKeyring())
    home = tmp_path / "home"
    db = Database.open(home)
    install(db)
    with db.reading() as session:
        audited_before = int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    db.engine.dispose()
    go = tmp_path / "go"
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), str(go), name, str(PER_PROCESS)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("窗口界面", "命令行")
    ]
    time.sleep(1.0)  # both have opened the database and wait at the line
    go.touch()
    results = [w.communicate(timeout=600) for w in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.strip() == "done"

    db = Database.open(home)
    with db.reading() as session:
        numbers = session.scalars(select(Case.number)).all()
        assert len(numbers) == 2 * PER_PROCESS
        assert len(set(numbers)) == len(numbers)
        clerks = session.execute(select(Case.clerk, func.count()).group_by(Case.clerk)).all()
        assert dict(clerks) == {"窗口界面": PER_PROCESS, "命令行": PER_PROCESS}
        # one audit chain, not two forks: every entry follows the one before
        assert verify_chain(session) is None
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
        requests = session.scalar(select(func.count()).select_from(VerificationRequest))
        assert requests == 2 * (PER_PROCESS // 4)
        # per case: case.new and case.open; per request: request.create and resolution.resolve
        assert entries == audited_before + 2 * 2 * PER_PROCESS + 2 * int(requests or 0)
        # push order is one sequence across both processes, without gaps or repeats
        seqs = session.scalars(select(OutboxEntry.seq).order_by(OutboxEntry.seq)).all()
        assert len(seqs) == len(set(seqs))
    db.engine.dispose()
