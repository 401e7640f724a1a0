namespace McpGateway.Core.Traffic;

/// <summary>What an authority answered a lease of tokens.</summary>
/// <param name="Granted">New tokens handed to the holder.</param>
/// <param name="Kept">Tokens of the holder's previous lease it may go on spending (what it said it kept, at most what its lease still had).</param>
/// <param name="Available">Tokens left in the bucket after the grant.</param>
public readonly record struct TokenGrant(int Granted, int Kept, double Available);
