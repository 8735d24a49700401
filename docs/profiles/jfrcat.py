# usage: jfr print --events jdk.ExecutionSample --stack-depth 128 f.jfr | python3 jfrcat.py THREADREGEX name=REGEX ...
import sys, re, collections
# categorize processor-thread samples (ExecutionSample) by patterns, inclusive
thr = re.compile(sys.argv[1])
pats = [p.split('=',1) for p in sys.argv[2:]]
samples=[];cur=None;frames=None
for line in sys.stdin:
    s=line.strip()
    if s.startswith('jdk.ExecutionSample') or s.startswith('jdk.NativeMethodSample'):
        cur={'t':'','f':[]}
    elif s.startswith('sampledThread'):
        cur['t']=s.split('=',1)[1].strip().split(' (')[0].strip('"')
    elif s.startswith('stackTrace = ['):
        frames=cur['f']
    elif s==']' and frames is not None:
        samples.append(cur);frames=None
    elif frames is not None and s and not s.startswith('...'):
        frames.append(s)
sel=[x for x in samples if thr.search(x['t'])]
print(len(sel),'samples')
for name,p in pats:
    r=re.compile(p)
    n=sum(1 for x in sel if any(r.search(f) for f in x['f']))
    print(f"{100*n/len(sel):5.1f}% {name}")
