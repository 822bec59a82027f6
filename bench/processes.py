"""What the Python benchmark and interop scripts share about the processes they run: finding a JDK 25, waiting for
a server's port, reading a process's CPU time, and limiting a server to a share of a core. Imported by bench/*.py
and scripts/h2-interop.py; bench/wrk-vs-netty.sh runs the last from the command line:

  python3 bench/processes.py cpu-quota check                     # fails when there is no cgroup CPU controller
  python3 bench/processes.py cpu-quota add PERCENT NAME PID      # prints the cgroup made for PID
  python3 bench/processes.py cpu-quota remove PATH               # once its processes have exited
"""
import glob, os, re, socket, subprocess, sys, time


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


class CpuQuota:
    """CPU cgroups limiting a server each to `percent` % of one core (CFS quota over 10 ms periods), cgroup v1 or v2.
    Raises SystemExit with the reason when the machine has no CPU controller or the caller is not root."""
    PERIOD_US = 10000

    def __init__(self, percent):
        self.percent = percent
        if os.path.exists('/sys/fs/cgroup/cgroup.controllers'):  # cgroup v2
            if 'cpu' not in open('/sys/fs/cgroup/cgroup.controllers').read().split():
                raise SystemExit('--server-quota: the cgroup v2 hierarchy has no cpu controller')
            self.root, self.v2 = '/sys/fs/cgroup', True
        elif os.path.exists('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'):  # cgroup v1
            self.root, self.v2 = '/sys/fs/cgroup/cpu', False
        else:
            raise SystemExit('--server-quota: no cgroup CPU controller under /sys/fs/cgroup')

    def add(self, name, pid):
        """Moves process `pid` (all its threads) into a new cgroup `name`; returns the cgroup's path."""
        group = os.path.join(self.root, name)
        try:
            os.mkdir(group)
        except OSError as e:
            raise SystemExit('--server-quota: cannot create %s (%s); it needs root' % (group, e))
        try:
            quota = self.PERIOD_US * self.percent // 100
            if self.v2:
                self._write(group, 'cpu.max', '%d %d' % (quota, self.PERIOD_US))
            else:
                self._write(group, 'cpu.cfs_period_us', self.PERIOD_US)
                self._write(group, 'cpu.cfs_quota_us', quota)
            self._write(group, 'cgroup.procs', pid)
        except OSError as e:
            remove_cgroup(group)
            raise SystemExit('--server-quota: cannot set up %s (%s)' % (group, e))
        return group

    @staticmethod
    def _write(group, name, value):
        with open(os.path.join(group, name), 'w') as f:
            f.write(str(value))


def remove_cgroup(group):
    """Removes a cgroup once its processes have exited (only an empty one can go); False if it would not."""
    for _ in range(50):
        try:
            os.rmdir(group)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.1)
    return False


if __name__ == '__main__':
    args = sys.argv[1:]
    if args[:2] == ['cpu-quota', 'check'] and len(args) == 2:
        CpuQuota(100)
    elif args[:2] == ['cpu-quota', 'add'] and len(args) == 5:
        print(CpuQuota(int(args[2])).add(args[3], int(args[4])))
    elif args[:2] == ['cpu-quota', 'remove'] and len(args) == 3:
        sys.exit(0 if remove_cgroup(args[2]) else 'could not remove ' + args[2])
    else:
        sys.exit(__doc__)
