// Matches a request to an operation of the catalog by method and path template.
import type { CatalogOperation } from '../openapi/index.ts';

export interface Match {
  operation: CatalogOperation;
  params: Record<string, string>;
}

interface CompiledRoute {
  operation: CatalogOperation;
  segments: { literal?: string; param?: string }[];
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(operations: CatalogOperation[]) {
    this.routes = operations.map((operation) => ({
      operation,
      segments: operation.path.split('/').slice(1).map((s) => {
        const m = /^\{(\w+)\}$/.exec(s);
        return m ? { param: m[1] } : { literal: s };
      }),
    }));
  }

  /** The operation for this method and path, or why there is none. */
  match(method: string, pathname: string): Match | 'no-route' | 'wrong-method' {
    const parts = pathname.split('/').slice(1);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.operation.method === method) return { operation: route.operation, params };
      pathMatched = true;
    }
    return pathMatched ? 'wrong-method' : 'no-route';
  }
}

function matchSegments(segments: CompiledRoute['segments'], parts: string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as CompiledRoute['segments'][number];
    const part = parts[i] as string;
    if (seg.param) {
      if (!part) return null;
      try {
        params[seg.param] = decodeURIComponent(part);
      } catch {
        return null; // a malformed escape names no resource
      }
    } else if (seg.literal !== part) return null;
  }
  return params;
}
