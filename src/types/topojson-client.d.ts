/** The part of topojson-client 3.1.0 the viewer uses (the package ships no types). */
declare module 'topojson-client' {
  export interface TopoGeometry {
    readonly type: string | null;
    readonly id?: string | number;
    readonly properties?: Record<string, unknown>;
    readonly arcs?: unknown;
  }
  export interface TopoCollection {
    readonly type: 'GeometryCollection';
    readonly geometries: readonly TopoGeometry[];
  }
  export interface Topology {
    readonly type: 'Topology';
    readonly transform?: { readonly scale: [number, number]; readonly translate: [number, number] };
    readonly bbox?: readonly number[];
    readonly objects: Readonly<Record<string, TopoCollection>>;
    readonly arcs: readonly (readonly (readonly number[])[])[];
  }
  export interface PolygonalGeometry {
    readonly type: 'Polygon' | 'MultiPolygon';
    readonly coordinates: number[][][] | number[][][][];
  }
  export function feature(
    topology: Topology,
    object: TopoGeometry,
  ): {
    type: 'Feature';
    id?: string;
    properties: Record<string, unknown>;
    geometry: PolygonalGeometry | null;
  };
  export function merge(topology: Topology, objects: readonly TopoGeometry[]): PolygonalGeometry;
}
