// `credkit secret`: a new signing secret in a wire profile's format, made before the receiver and the
// mock start, so both can be given the same one. The generator is webhooks' generateSecret: the
// mock makes its endpoint secrets with it too.
import { profileNames, profiles, type ProfileName } from '../../generated/profiles.js';
import { generateSecret } from '../../webhooks/secret.js';
import type { CommandSpec } from '../command.js';

/** Each profile's secret shape, from the profiles' data (generateSecret writes base64 keys as base64, text keys as hex). */
const formats = profileNames.map((name) => `${name} ${profiles[name].secret.prefix}<${profiles[name].secret.keyEncoding === 'base64' ? 'base64' : 'hex'}>`).join(', ');

export const command: CommandSpec = {
  name: 'secret',
  summary: 'Print a new signing secret in the format of a wire profile',
  usage: 'credkit secret [--profile <name>]',
  description:
    `Prints a fresh random signing secret alone on stdout, in the profile's format (${formats}). ` +
    'Give the same secret to your receiver and to `credkit mock --forward-to … --secret` (or `credkit conformance --secret`) before either starts.',
  options: {
    profile: { type: 'string', valueName: 'name', description: 'Wire profile whose secret format to use', choices: profileNames, default: 'standard' },
  },
  examples: [
    'export WEBHOOK_SECRET=$(npx credkit secret --profile standard)',
    'npx credkit mock --forward-to http://127.0.0.1:3000/webhooks --secret "$WEBHOOK_SECRET"',
  ],
  async run({ values, stdout, stderr }) {
    const profile = values.profile as ProfileName;
    stdout.write(`${generateSecret({ profile })}\n`);
    // Only a person at a terminal reads the hint; `$(credkit secret)` and pipes get the secret alone.
    if ((stdout as { isTTY?: boolean }).isTTY === true) {
      const flag = profile === 'standard' ? '' : ` --profile ${profile}`;
      stderr.write(`hint: share it before starting either side: export WEBHOOK_SECRET=$(npx credkit secret${flag}), then npx credkit mock --forward-to <url>${flag} --secret "$WEBHOOK_SECRET"\n`);
    }
    return 0;
  },
};
