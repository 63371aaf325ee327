// The generate steps, in order: later steps read what earlier ones put on the context.
import profiles from './profiles.mjs';
import bundle from './bundle.mjs';
import types from './types.mjs';
import events from './events.mjs';
import asyncapi from './asyncapi.mjs';
import ids from './ids.mjs';

export const steps = [
  ['profiles', profiles],
  ['bundle', bundle],
  ['types', types],
  ['events', events],
  ['ids', ids],
  ['asyncapi', asyncapi],
];
