"""Reference data for crema.rl from Gymnasium, the published implementation of the environments.

    python3 -m venv .venv-ref && .venv-ref/bin/pip install gymnasium==1.4.0
    cd library/src/test/resources/crema/rl && ../../../../../../.venv-ref/bin/python make_reference.py

Writes gymnasium_reference.json:
  cartpole      CartPole-v1 trajectories: the exact float64 start state Gymnasium drew, the actions,
                and after each step the float32 observation, the float64 state, reward, terminated
                and truncated (one random-action episode per seed, and one balancing controller
                that reaches the 500-step time limit).
  frozenlake_*  the full transition model env.P (slippery and not) and one scripted episode.
  cliffwalking  env.P and scripted episodes (the optimal path, a fall off the cliff).
  value_iteration  V* and a greedy policy, computed here with NumPy from Gymnasium's own env.P.
Gymnasium is a reference only; Crema never depends on it.
"""
import json

import gymnasium as gym
import numpy as np

GAMMA = 0.99


def cartpole_episode(seed, controller):
    env = gym.make("CartPole-v1")
    obs, _ = env.reset(seed=seed)
    start = [float(v) for v in env.unwrapped.state]
    rng = np.random.default_rng(seed)
    steps = []
    while True:
        if controller:
            x, x_dot, theta, theta_dot = env.unwrapped.state
            action = int(theta + 0.5 * theta_dot + 0.01 * x + 0.05 * x_dot > 0)
        else:
            action = int(rng.integers(2))
        obs, reward, terminated, truncated, _ = env.step(action)
        steps.append({
            "action": action,
            "observation": [float(v) for v in obs],
            "state": [float(v) for v in env.unwrapped.state],
            "reward": float(reward),
            "terminated": bool(terminated),
            "truncated": bool(truncated),
        })
        if terminated or truncated:
            break
    return {"seed": seed, "controller": controller, "start": start, "steps": steps}


def model_of(env):
    p = env.unwrapped.P
    return [[[[float(prob), int(s2), float(r), bool(done)] for prob, s2, r, done in p[s][a]]
             for a in range(env.action_space.n)] for s in range(env.observation_space.n)]


def scripted(env, actions):
    obs, _ = env.reset(seed=0)
    out = {"start": int(obs), "steps": []}
    for a in actions:
        obs, reward, terminated, truncated, _ = env.step(a)
        out["steps"].append({"action": a, "observation": int(obs), "reward": float(reward),
                             "terminated": bool(terminated), "truncated": bool(truncated)})
        if terminated or truncated:
            break
    return out


def value_iteration(env, gamma):
    p = env.unwrapped.P
    n, m = env.observation_space.n, env.action_space.n
    v = np.zeros(n)
    while True:
        q = np.zeros((n, m))
        for s in range(n):
            for a in range(m):
                q[s, a] = sum(prob * (r + (0.0 if done else gamma * v[s2]))
                              for prob, s2, r, done in p[s][a])
        new_v = q.max(axis=1)
        if np.max(np.abs(new_v - v)) < 1e-12:
            return q
        v = new_v


def main():
    ref = {"gymnasium": gym.__version__, "gamma": GAMMA}
    ref["cartpole"] = [cartpole_episode(s, False) for s in (0, 1, 2, 3)]
    ref["cartpole"].append(cartpole_episode(7, True))
    assert ref["cartpole"][-1]["steps"][-1]["truncated"], "the controller should reach 500 steps"

    lake = gym.make("FrozenLake-v1", is_slippery=False)
    ref["frozenlake"] = {"model": model_of(lake),
                         # right, right, down, down, down, right: to the goal in 6 steps
                         "episode": scripted(lake, [2, 2, 1, 1, 1, 2]),
                         # left into the wall, up into the wall, down, right: into the hole at 5
                         "hole": scripted(lake, [0, 3, 1, 2])}
    slippery = gym.make("FrozenLake-v1", is_slippery=True)
    ref["frozenlake_slippery"] = {"model": model_of(slippery)}

    cliff = gym.make("CliffWalking-v1")
    ref["cliffwalking"] = {"model": model_of(cliff),
                           "optimal": scripted(cliff, [0] + [1] * 11 + [2]),
                           "fall": scripted(cliff, [1, 0, 0, 3, 2, 2])}

    ref["value_iteration"] = {}
    for name, env in (("frozenlake_slippery", slippery), ("cliffwalking", cliff)):
        q = value_iteration(env, GAMMA)
        ref["value_iteration"][name] = {"v": q.max(axis=1).tolist(), "q": q.tolist()}

    with open("gymnasium_reference.json", "w") as f:
        json.dump(ref, f, indent=1)
        f.write("\n")
    print("cartpole lengths:", [len(e["steps"]) for e in ref["cartpole"]])


if __name__ == "__main__":
    main()
