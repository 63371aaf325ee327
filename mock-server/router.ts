// A tiny router over OpenAPI path templates. Literal segments win over parameters, so
// `/v1/credentials/{id}` never shadows a literal sibling; a path that matches with another method
// answers 405 with `Allow` (the pipeline does that from `allowed`).

/** Result of {@link Router.match}. */
export type RouteMatch<R> =
  | { kind: 'found'; route: R; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

/** What the router needs of a route. */
export interface Routable {
  readonly method: string;
  readonly path: string;
}

/** A compiled route table. */
export interface Router<R extends Routable> {
  match(method: string, path: string): RouteMatch<R>;
}

interface Node<R> {
  literal: Map<string, Node<R>>;
  param: { name: string; node: Node<R> } | undefined;
  methods: Map<string, R>;
}

const newNode = <R>(): Node<R> => ({ literal: new Map(), param: undefined, methods: new Map() });

/**
 * Compiles a route table into a segment trie.
 * @example createRouter([{ method: 'GET', path: '/v1/credentials/{credentialId}' }]).match('GET', '/v1/credentials/crd_1')
 */
export function createRouter<R extends Routable>(routes: readonly R[]): Router<R> {
  const root = newNode<R>();
  for (const route of routes) {
    let node = root;
    for (const segment of route.path.split('/').slice(1)) {
      const param = /^\{(.+)\}$/.exec(segment)?.[1];
      if (param) {
        if (node.param && node.param.name !== param) throw new Error(`conflicting parameter names at ${route.path}`);
        node.param ??= { name: param, node: newNode<R>() };
        node = node.param.node;
      } else {
        let next = node.literal.get(segment);
        if (!next) node.literal.set(segment, (next = newNode<R>()));
        node = next;
      }
    }
    // Later routes replace earlier ones with the same method and path: how plugins override placeholders.
    node.methods.set(route.method.toUpperCase(), route);
  }

  const walk = (node: Node<R>, segments: string[], i: number, params: Record<string, string>): Node<R> | undefined => {
    if (i === segments.length) return node.methods.size > 0 ? node : undefined;
    const segment = segments[i]!;
    const literal = node.literal.get(segment);
    if (literal) {
      const found = walk(literal, segments, i + 1, params);
      if (found) return found;
    }
    if (node.param && segment !== '') {
      let value: string;
      try {
        value = decodeURIComponent(segment);
      } catch {
        value = segment;
      }
      const found = walk(node.param.node, segments, i + 1, params);
      if (found) {
        params[node.param.name] = value;
        return found;
      }
    }
    return undefined;
  };

  return {
    match(method, path) {
      const params: Record<string, string> = {};
      const node = walk(root, path.split('/').slice(1), 0, params);
      if (!node) return { kind: 'not-found' };
      const route = node.methods.get(method.toUpperCase());
      if (!route) return { kind: 'method-not-allowed', allowed: [...node.methods.keys()].sort() };
      return { kind: 'found', route, params };
    },
  };
}
