export {
  type CompiledExpression,
  type CompiledVector,
  type CompileOptions,
  compile,
  compileVector,
} from "./compile.js";
export { ExpressionSyntaxError, UnknownSymbolError, UnsupportedFunctionError } from "./errors.js";
export { supportedFunctionNames } from "./functions.js";
