"""What the Python benchmark and interop scripts share about the processes they run: finding a JDK 25, waiting for
a server's port, and reading a process's CPU time. Imported by bench/*.py and scripts/h2-interop.py."""
import glob, os, re, socket, subprocess, time


class NotListening(RuntimeError):
    """A server exited, or did not listen in time."""


def find_java():
    """The java of a JDK 25 or newer (JAVA_HOME first) and its version line."""
    for home in [os.environ.get('JAVA_HOME', '')] + sorted(glob.glob('/usr/lib/jvm/*25*')):
        java = os.path.join(home, 'bin/java')
        if home and os.access(java, os.X_OK):
            out = subprocess.run([java, '-version'], capture_output=True, text=True).stderr
            m = re.search(r'version "(\d+)', out)
            if m and int(m.group(1)) >= 25:
                return java, out.splitlines()[0]
    raise SystemExit('no JDK 25 found (set JAVA_HOME)')


def wait_port(port, proc, what, seconds=60):
    """Returns once 127.0.0.1:port accepts; raises NotListening if proc exits first or time runs out."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise NotListening(what + ' exited before listening (see its log)')
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise NotListening('%s did not listen on %d within %d s' % (what, port, seconds))


def cpu_ticks(pid):
    """User + system CPU time of a process so far, in clock ticks (/proc/PID/stat)."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12])
