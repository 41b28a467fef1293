/**
 * EXT_mesh_features and EXT_structural_metadata as glTF-Transform extensions (write only): glTF-
 * Transform 4.5.1 ships neither, and its Extension API is the documented way to add one. The
 * property table's columns go in buffer views of the GLB's binary chunk (`otherBufferViews`, as
 * glTF-Transform's own EXT_meshopt_compression does), each starting on an 8-byte boundary as the
 * 3D Tiles binary table format asks; the JSON names them by index once the writer placed them.
 */
import type { Primitive, WriterContext } from '@gltf-transform/core';
import { Extension, PropertyType } from '@gltf-transform/core';

export const EXT_MESH_FEATURES = 'EXT_mesh_features';
export const EXT_STRUCTURAL_METADATA = 'EXT_structural_metadata';

/** The feature ids of a primitive: attribute `_FEATURE_ID_<attribute>` indexing property table 0. */
export interface FeatureIdsDef {
  featureCount: number;
  attribute: number;
  propertyTable: number;
}

/** Writes EXT_mesh_features on the primitives it was given. */
export class EXTMeshFeatures extends Extension {
  public static override readonly EXTENSION_NAME = EXT_MESH_FEATURES;
  public override readonly extensionName = EXT_MESH_FEATURES;
  private readonly defs = new Map<Primitive, FeatureIdsDef[]>();

  /** Sets the feature ids of a primitive. */
  setFeatureIds(prim: Primitive, defs: FeatureIdsDef[]): this {
    this.defs.set(prim, defs);
    return this;
  }

  public override read(): this {
    return this;
  }

  public override write(context: WriterContext): this {
    const json = context.jsonDoc.json;
    for (const mesh of this.document.getRoot().listMeshes()) {
      const meshIndex = context.meshIndexMap.get(mesh);
      if (meshIndex === undefined) continue;
      mesh.listPrimitives().forEach((prim, i) => {
        const defs = this.defs.get(prim);
        const primDef = json.meshes?.[meshIndex]?.primitives[i];
        if (!defs || !primDef) return;
        primDef.extensions = { ...(primDef.extensions ?? {}), [EXT_MESH_FEATURES]: { featureIds: defs } };
      });
    }
    return this;
  }
}

/** One column of the property table: its binary values (and string offsets for STRING). */
export interface PropertyColumn {
  values: Uint8Array;
  stringOffsets?: Uint8Array;
  /** Component type of `stringOffsets` (UINT32 by default). */
  offsetType?: 'UINT16' | 'UINT32';
}

/** A property table and the schema it follows (JSON as EXT_structural_metadata says). */
export interface StructuralMetadata {
  schema: Record<string, unknown>;
  tableClass: string;
  count: number;
  columns: Record<string, PropertyColumn>;
}

/** Writes EXT_structural_metadata (schema + one property table) at the root. */
export class EXTStructuralMetadata extends Extension {
  public static override readonly EXTENSION_NAME = EXT_STRUCTURAL_METADATA;
  public override readonly extensionName = EXT_STRUCTURAL_METADATA;
  public override readonly prewriteTypes = [PropertyType.BUFFER];
  private metadata: StructuralMetadata | null = null;
  private placed = new Map<string, PropertyColumn>();

  setMetadata(m: StructuralMetadata): this {
    this.metadata = m;
    return this;
  }

  public override read(): this {
    return this;
  }

  /** Adds the columns to the first buffer, after what other extensions (meshopt) put there. */
  public override prewrite(context: WriterContext): this {
    const m = this.metadata;
    if (!m) return this;
    const buffer = this.document.getRoot().listBuffers()[0];
    if (!buffer) throw new Error(`${EXT_STRUCTURAL_METADATA}: the document has no buffer`);
    const views = context.otherBufferViews.get(buffer) ?? [];
    // Accessors the writer still places itself come first in the buffer: with meshopt there are none.
    let offset = 0;
    for (const v of views) offset += v.byteLength;
    // Each column starts on an 8-byte boundary: unused padding views fill the gaps.
    const push = (data: Uint8Array) => {
      if (offset % 8 !== 0) {
        const pad = new Uint8Array(8 - (offset % 8));
        views.push(pad);
        offset += pad.byteLength;
      }
      views.push(data);
      offset += data.byteLength;
    };
    this.placed.clear();
    for (const [name, col] of Object.entries(m.columns)) {
      push(col.values);
      const placed: PropertyColumn = {
        values: col.values,
        ...(col.offsetType ? { offsetType: col.offsetType } : {}),
      };
      if (col.stringOffsets) {
        placed.stringOffsets = col.stringOffsets;
        push(col.stringOffsets);
      }
      this.placed.set(name, placed);
    }
    context.otherBufferViews.set(buffer, views);
    return this;
  }

  public override write(context: WriterContext): this {
    const m = this.metadata;
    if (!m) return this;
    const properties: Record<string, Record<string, unknown>> = {};
    for (const [name, p] of this.placed) {
      const values = context.otherBufferViewsIndexMap.get(p.values);
      if (values === undefined) throw new Error(`${EXT_STRUCTURAL_METADATA}: column ${name} was not written`);
      const def: Record<string, unknown> = { values };
      if (p.stringOffsets) {
        def.stringOffsets = context.otherBufferViewsIndexMap.get(p.stringOffsets);
        def.stringOffsetType = p.offsetType ?? 'UINT32';
      }
      properties[name] = def;
    }
    const json = context.jsonDoc.json;
    json.extensions = {
      ...(json.extensions ?? {}),
      [EXT_STRUCTURAL_METADATA]: {
        schema: m.schema,
        propertyTables: [{ class: m.tableClass, count: m.count, properties }],
      },
    };
    return this;
  }
}
