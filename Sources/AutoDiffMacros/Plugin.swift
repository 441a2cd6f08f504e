import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that provides Slope's macros.
@main
struct AutoDiffMacrosPlugin: CompilerPlugin {
    let providingMacros: [Macro.Type] = [ReverseGradientMacro.self, ForwardGradientMacro.self]
}
