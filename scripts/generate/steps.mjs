// The generate steps, in order: later steps read what earlier ones put on the context.
import profiles from './profiles.mjs';

export const steps = [
  ['profiles', profiles],
];
