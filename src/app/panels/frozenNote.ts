/** What the class is told when a run keeps its first conv stages as the start had them. */
export function frozenWords(frozenStages: number): string | null {
  if (frozenStages <= 0) return null;
  const kept = frozenStages === 1 ? 'first convolution stage keeps' : `first ${frozenStages} convolution stages keep`;
  return `To be quick, the ${kept} the start's weights and only the layers after learn, which makes each step about twice as fast.`;
}
