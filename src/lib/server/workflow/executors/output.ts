import type { Executor } from '../types';

/** The runner adds the node's input to the run's outputs; the node itself has no output ports. */
export const output: Executor = async () => ({ outputs: {} });
