/** The loss kinds, as values: a leaf module so that the schemas (config.ts) and the registry can both read them without a cycle. */
export const LOSS_KINDS = ['softmax', 'center', 'sphereface', 'cosface', 'arcface'] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

/** The Hyper keys a loss head may read: center loss's, then the angular heads'. */
export const LOSS_PARAM_KEYS = ['lambda', 'alpha', 'rule', 'lambdaWarmupSteps', 'sphereM', 'sphereLambdaMin', 'cosS', 'cosM', 'arcS', 'arcM', 'marginRampSteps'] as const;
export type LossParamKey = (typeof LOSS_PARAM_KEYS)[number];
