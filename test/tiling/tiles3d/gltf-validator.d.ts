/** Types of the part of gltf-validator 2.0.0-dev.3.10 the tests use (it ships none). */
declare module 'gltf-validator' {
  interface ValidationReport {
    issues: {
      numErrors: number;
      numWarnings: number;
      messages: { code: string; message: string; severity: number; pointer?: string }[];
    };
  }
  const validator: {
    validateBytes(
      bytes: Uint8Array,
      options?: { uri?: string; format?: 'glb' | 'gltf' },
    ): Promise<ValidationReport>;
  };
  export default validator;
}
