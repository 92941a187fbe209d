namespace AiMesh.Ai.Models.Training;

/// <summary>How <see cref="SoftmaxTrainer"/> trains: passes over the data, AdaGrad's step, L2 weight decay, and the seed of the shuffles.</summary>
public sealed record TrainerSettings(int Epochs, double LearningRate, double L2, int Seed);
