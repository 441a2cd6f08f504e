/// Every eval module Slope implements.
public var allEvalModules: [any EvalModule.Type] {
    [
        HelloEval.self, LLSQEval.self, LSEEval.self, DetEval.self, SaddleEval.self, ParticleEval.self,
        KMeansEval.self, GMMEval.self, ODEEval.self, BAEval.self, LSTMEval.self, HTEval.self,
    ]
}
