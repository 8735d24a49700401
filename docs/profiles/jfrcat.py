# usage: jfr print --events jdk.ExecutionSample --stack-depth 128 f.jfr | python3 jfrcat.py THREADREGEX name=REGEX ...
import sys, re
from jfrstacks import read_samples
# categorize the selected threads' samples by patterns, inclusive
thr = re.compile(sys.argv[1])
pats = [p.split('=', 1) for p in sys.argv[2:]]
sel = [x for x in read_samples(sys.stdin) if thr.search(x['thread'])]
print(len(sel), 'samples')
for name, p in pats:
    r = re.compile(p)
    n = sum(1 for x in sel if any(r.search(f) for f in x['frames']))
    print(f"{100*n/len(sel):5.1f}% {name}")
