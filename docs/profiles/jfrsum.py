import sys, re, collections
from jfrstacks import read_samples
# usage: jfr print --events jdk.ExecutionSample --stack-depth 64 f.jfr | python3 jfrsum.py THREADREGEX
thr_re = re.compile(sys.argv[1]) if len(sys.argv) > 1 else None
samples = read_samples(sys.stdin)
bythread = collections.Counter(x['thread'] for x in samples)
print("samples per thread (top 12):")
for t, n in bythread.most_common(12):
    print(f"  {n:6d}  {t}")
sel = [x for x in samples if thr_re is None or thr_re.search(x['thread'])]
print(f"\nselected threads: {len(sel)} samples")
selfc = collections.Counter(x['frames'][0] for x in sel if x['frames'])
print("\ntop self frames:")
for f, n in selfc.most_common(20):
    print(f"  {100*n/len(sel):5.1f}%  {f}")
inc = collections.Counter()
for x in sel:
    seen = set()
    for f in x['frames']:
        key = re.sub(r'\(.*', '', f)
        if key not in seen:
            seen.add(key); inc[key] += 1
print("\ntop inclusive methods (provenant, axon, jdbc, jackson, spring jdbc):")
k = 0
for f, n in inc.most_common(400):
    if re.search(r'dev\.provenant|axonframework|postgresql|jackson|springframework\.jdbc|zaxxer', f):
        print(f"  {100*n/len(sel):5.1f}%  {f}")
        k += 1
        if k >= 45: break
