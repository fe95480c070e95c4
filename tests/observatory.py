"""`make observatory`: the production profile graded by MDN's HTTP Observatory scanner.

The scanner grades a site as browsers reach it: plain HTTP on port 80 redirecting to HTTPS on
port 443, and the headers there. So this serves the production profile that way on this
machine (gunicorn with a certificate made for "localhost", which the scanner is told to trust),
scans http://localhost, prints each test and fails unless the grade is A+. The scanner comes
from npm (@mdn/mdn-http-observatory) into .observatory/, without its install scripts, which
download the HSTS preload list and a CA bundle: the list is left empty (a site on it would score
no better here) and the bundle holds our certificate alone.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests import servers

VERSION = "1.4.8"
FOLDER = servers.ROOT / ".observatory"
PACKAGE = FOLDER / "node_modules" / "@mdn" / "mdn-http-observatory"
BUNDLE = FOLDER / "node_modules" / "node_extra_ca_certs_mozilla_bundle" / "ca_bundle"


def install() -> None:
    if not (FOLDER / "node_modules" / ".bin" / "mdn-http-observatory-scan").exists():
        FOLDER.mkdir(exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--ignore-scripts",
                "--no-audit",
                "--no-fund",
                "--silent",
                f"@mdn/mdn-http-observatory@{VERSION}",
            ],
            cwd=FOLDER,
            check=True,
        )
    (PACKAGE / "conf" / "hsts-preload.json").write_text("{}")


def certificate() -> tuple[Path, Path]:
    cert, key = FOLDER / "localhost.pem", FOLDER / "localhost-key.pem"
    if not cert.exists():
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost",
                "-keyout",
                str(key),
                "-out",
                str(cert),
            ],
            check=True,
            capture_output=True,
        )
    BUNDLE.mkdir(parents=True, exist_ok=True)
    for name in ("ca_intermediate_bundle.pem", "ca_intermediate_root_bundle.pem"):
        (BUNDLE / name).write_text(cert.read_text())
    return cert, key


def main() -> None:
    if os.geteuid() != 0:
        sys.exit("make observatory serves on ports 80 and 443, which needs root.")
    install()
    cert, key = certificate()
    env = {
        "DEBUG": "false",
        "ALLOWED_HOSTS": "localhost",
        "PLAIN_HTTP_ON_LOOPBACK": "false",
        "WEB_CONCURRENCY": "2",
    }
    folder = Path(tempfile.mkdtemp())
    with (
        servers.gunicorn(
            folder / "https", port=443, arguments=(f"--certfile={cert}", f"--keyfile={key}"), **env
        ),
        servers.gunicorn(folder / "http", port=80, **env),
    ):
        scan = subprocess.run(
            [str(FOLDER / "node_modules" / ".bin" / "mdn-http-observatory-scan"), "localhost"],
            capture_output=True,
            text=True,
            check=True,
        )
    result = json.loads(scan.stdout)
    for name, test in result["tests"].items():
        print(
            "pass" if test["pass"] else "FAIL",
            f"{name:32} {test['result']} ({test['scoreModifier']:+d})",
        )
    grade, score = result["scan"]["grade"], result["scan"]["score"]
    print(f"grade {grade} (score {score})")
    if grade != "A+":
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peersupport.settings")
    import django

    django.setup()
    main()
