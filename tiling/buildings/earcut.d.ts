/** Types of earcut 3.0.2 (it ships none): polygon triangulation (flat coordinates, hole starts). */
declare module 'earcut' {
  export default function earcut(
    data: ArrayLike<number>,
    holeIndices?: ArrayLike<number> | null,
    dim?: number,
  ): number[];
}
