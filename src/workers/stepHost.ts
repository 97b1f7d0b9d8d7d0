/** A stepper's work, apart from the worker it runs in: one run's trainer, rebuilt only when its recipe changes, stepped from the state each request brings. No DOM. */
import { buildTrainer } from '../ml/buildTrainer';
import type { IdxSplit } from '../ml/idx';
import type { Trainer, TrainerCopy } from '../ml/trainer';
import { augmentedDigits, LiveCapture } from './liveCapture';
import { copyToCpu } from './runFiles';
import type { SessionToStepper, StepperToSession, StepRecipe } from './stepperProtocol';

/** What a trainer's build fixes (its loss head and optimizer among the settings); the rest of the settings travel with each request. */
const recipeKey = (r: StepRecipe): string => JSON.stringify([r.spec, r.seed, r.heldOutClass, r.hyper.loss, r.hyper.optimizer]);

export class StepHost {
  private train?: IdxSplit;
  private run?: { key: string; trainer: Trainer; capture: LiveCapture };

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The answer to a message, if it has one; never throws: a failure is answered in words. */
  async handle(msg: SessionToStepper): Promise<StepperToSession | null> {
    switch (msg.type) {
      case 'setup':
        return { type: 'started', error: null };
      case 'data':
        this.train = msg.train;
        this.drop();
        return null;
      case 'steps':
        try {
          return await this.steps(msg.seq, msg.recipe, msg.start, msg.fromStep, msg.n);
        } catch (e) {
          this.drop();
          return { type: 'failed', seq: msg.seq, detail: e instanceof Error ? e.message : String(e) };
        }
      default: {
        const never: never = msg;
        throw new Error(`unknown stepper message ${JSON.stringify(never)}`);
      }
    }
  }

  private async steps(seq: number, recipe: StepRecipe, start: TrainerCopy | null, fromStep: number, n: number): Promise<StepperToSession> {
    const t0 = this.now();
    const key = recipeKey(recipe);
    if (!start && (this.run?.key !== key || this.run.trainer.step !== fromStep)) throw new Error(`the stepper is not at step ${fromStep} of this run`);
    const t = this.trainerFor(recipe, key);
    if (start) t.load(start);
    t.hyper = recipe.hyper;
    for (let i = 0; i < n; i++) t.trainStep();
    const [stats, live] = await Promise.all([t.readWindow(), this.run!.capture.read()]);
    const [state] = await copyToCpu([t]);
    return { type: 'stepped', seq, stats, live, augmented: augmentedDigits(t), state: state!, ms: this.now() - t0 };
  }

  private trainerFor(recipe: StepRecipe, key: string): Trainer {
    if (!this.train) throw new Error('the stepper has no training data');
    if (this.run?.key === key) return this.run.trainer;
    this.drop();
    const trainer = buildTrainer({ spec: recipe.spec, hyper: recipe.hyper, seed: recipe.seed, train: this.train, heldOutClass: recipe.heldOutClass });
    this.run = { key, trainer, capture: new LiveCapture(trainer) };
    return trainer;
  }

  /** Releases the trainer's tensors. */
  drop(): void {
    this.run?.capture.dispose();
    this.run?.trainer.dispose();
    this.run = undefined;
  }
}
