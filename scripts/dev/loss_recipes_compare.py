"""Engine against PyTorch, per loss and feature size: means over seeds and their ranges, as markdown (bench/README.md, Loss family).

The engine from scripts/dev/loss-recipes.ts's log; PyTorch from bench/README.md's one-epoch table (angular_recipes.py, its own seeds).
  python3 scripts/dev/loss_recipes_compare.py [bench/results/loss-recipes-engine.jsonl]
"""
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else 'bench/results/loss-recipes-engine.jsonl') if l.strip()]
# PyTorch: bench/README.md's one-epoch table (angular_recipes.py); CosFace without a ramp, ArcFace ramp 200.
PT={('sphereface',3):[(98.8,17.6,52.2,3.34,.122,.922),(98.7,13.6,45.3,3.52,.128,.947),(98.9,14.5,51.8,3.35,.119,.942)],
('cosface',3):[(99.0,9.2,63.6,3.49,.102,.896),(98.6,10.1,64.0,4.16,.144,.975),(98.7,10.4,64.1,4.11,.124,.962)],
('arcface',3):[(99.0,6.7,64.6,3.98,.107,.959),(98.6,6.9,64.2,5.3,.147,.944),(98.9,6.8,64.1,4.57,.130,.961)],
('sphereface',2):[(97.4,5.2,30.8,5.36,.162,.797)],('cosface',2):[(93.3,6.8,21.1,3.86,.152,.713)],('arcface',2):[(95.5,4.6,17.1,3.78,.145,.822)],
('softmax',3):[(98.8,17.2,39.2,3.24,.118,.849)],('center',3):[(98.8,11.1,47.1,2.2,.046,.846)]}
F=[('acc',lambda x:f'{x:.1f}%',100),('meanAngleDeg',lambda x:f'{x:.1f}°',1),('leastWAngleDeg',lambda x:f'{x:.1f}°',1),('elongation',lambda x:f'{x:.2f}',1),('withinBetween',lambda x:f'{x:.3f}',1),('aurocCos',lambda x:f'{x:.3f}',1)]
def cell(v,f):
    m=st.mean(v)
    return f(m)+(f' ({f(min(v))}–{f(max(v))})' if len(v)>1 else '')
print('| loss | dim | | seeds | acc. | mean angle | least W angle | elong. | W/B | AUROC cos |')
print('|---|---|---|---|---|---|---|---|---|---|')
for loss in ['sphereface','cosface','arcface','softmax','center']:
    for dim in [3,2]:
        e=[r for r in rows if r['loss']==loss and r['dim']==dim and not r.get('tag') and 'acc' in r]
        p=PT.get((loss,dim))
        if not e and not p: continue
        if e: print(f'| {loss} | {dim} | engine | {",".join(str(r["seed"]) for r in e)} | '+' | '.join(cell([r[k]*s for r in e],f) for k,f,s in F)+' |')
        if p: print(f'| {loss} | {dim} | PyTorch | {",".join(str(i+1) for i in range(len(p)))} | '+' | '.join(cell([q[i] for q in p],f) for i,(k,f,s) in enumerate(F))+' |')
