//! A small maximum-flow network with integer capacities (Dinic), for the
//! exact payments (`plan.rs`) and the greedy first plan (`model::greedy`).
//! Integer capacities give an integer maximum flow, so amounts in đồng stay
//! exact.

use std::collections::VecDeque;

/// A small Dinic maximum-flow network with integer capacities.
#[derive(Debug, Clone)]
pub struct Network {
    /// (to, capacity left, index of the reverse edge)
    edges: Vec<(usize, i64, usize)>,
    original: Vec<i64>,
    adjacency: Vec<Vec<usize>>,
}

/// The state of a network's capacities ([`Network::snapshot`]).
#[derive(Debug, Clone)]
pub struct Snapshot {
    left: Vec<i64>,
    original: Vec<i64>,
}

impl Network {
    pub fn new(nodes: usize) -> Network {
        Network {
            edges: Vec::new(),
            original: Vec::new(),
            adjacency: vec![Vec::new(); nodes],
        }
    }

    pub fn add_edge(&mut self, from: usize, to: usize, capacity: i64) -> usize {
        let forward = self.edges.len();
        self.edges.push((to, capacity, forward + 1));
        self.edges.push((from, 0, forward));
        self.original.push(capacity);
        self.original.push(0);
        self.adjacency[from].push(forward);
        self.adjacency[to].push(forward + 1);
        forward
    }

    /// Give edge `edge` `extra` more capacity, keeping the flow it carries.
    pub fn widen(&mut self, edge: usize, extra: i64) {
        self.edges[edge].1 += extra;
        self.original[edge] += extra;
    }

    /// The capacities left and given, to go back to with [`Network::restore`]
    /// (cheaper than a clone: the adjacency lists stay).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            left: self.edges.iter().map(|e| e.1).collect(),
            original: self.original.clone(),
        }
    }

    /// Back to `snapshot`, taken of this network with the same edges.
    pub fn restore(&mut self, snapshot: &Snapshot) {
        for (edge, left) in self.edges.iter_mut().zip(&snapshot.left) {
            edge.1 = *left;
        }
        self.original.clone_from(&snapshot.original);
    }

    pub fn flow(&self, edge: usize) -> i64 {
        self.original[edge] - self.edges[edge].1
    }

    pub fn max_flow(&mut self, source: usize, sink: usize) -> i64 {
        self.max_flow_up_to(source, sink, i64::MAX)
    }

    /// The maximum flow from `source` to `sink`, stopping at `limit`.
    pub fn max_flow_up_to(&mut self, source: usize, sink: usize, limit: i64) -> i64 {
        let mut total = 0;
        while total < limit {
            let level = self.levels(source);
            if level[sink] < 0 {
                return total;
            }
            let mut cursor = vec![0; self.adjacency.len()];
            while total < limit {
                let pushed = self.push(source, sink, limit - total, &level, &mut cursor);
                if pushed == 0 {
                    break;
                }
                total += pushed;
            }
        }
        total
    }

    /// Take `amount` of the flow edge `edge` carries out of the network:
    /// the same amount is routed back from `sink` to the edge's head (the
    /// flow beyond it rearranged as needed), and the edge narrowed by it.
    /// False, with the network to be restored by the caller, when less
    /// than `amount` comes back.
    pub fn withdraw(&mut self, edge: usize, amount: i64, sink: usize) -> bool {
        let head = self.edges[edge].0;
        if self.flow(edge) < amount || self.max_flow_up_to(sink, head, amount) < amount {
            return false;
        }
        let reverse = self.edges[edge].2;
        self.edges[reverse].1 -= amount;
        self.original[edge] -= amount;
        true
    }

    fn levels(&self, source: usize) -> Vec<i64> {
        let mut level = vec![-1; self.adjacency.len()];
        level[source] = 0;
        let mut queue = VecDeque::from([source]);
        while let Some(node) = queue.pop_front() {
            for &e in &self.adjacency[node] {
                let (to, capacity, _) = self.edges[e];
                if capacity > 0 && level[to] < 0 {
                    level[to] = level[node] + 1;
                    queue.push_back(to);
                }
            }
        }
        level
    }

    fn push(
        &mut self,
        node: usize,
        sink: usize,
        limit: i64,
        level: &[i64],
        cursor: &mut [usize],
    ) -> i64 {
        if node == sink {
            return limit;
        }
        while cursor[node] < self.adjacency[node].len() {
            let e = self.adjacency[node][cursor[node]];
            let (to, capacity, reverse) = self.edges[e];
            if capacity > 0 && level[to] == level[node] + 1 {
                let pushed = self.push(to, sink, limit.min(capacity), level, cursor);
                if pushed > 0 {
                    self.edges[e].1 -= pushed;
                    self.edges[reverse].1 += pushed;
                    return pushed;
                }
            }
            cursor[node] += 1;
        }
        0
    }
}

#[cfg(test)]
mod tests {
    use super::Network;

    #[test]
    fn max_flow_of_a_small_network() {
        // Two demands of 5 and 4 sharing pools of 6 and 2: only 8 can flow.
        let mut n = Network::new(6);
        n.add_edge(0, 2, 5);
        n.add_edge(0, 3, 4);
        n.add_edge(2, 4, 100);
        n.add_edge(3, 4, 100);
        n.add_edge(3, 5, 100);
        n.add_edge(4, 1, 6);
        n.add_edge(5, 1, 2);
        assert_eq!(n.max_flow(0, 1), 8);
    }

    #[test]
    fn withdrawn_flow_leaves_room_for_another_demand() {
        // Demands of 5 (node 2) and 4 (node 3); node 2 may use either pool,
        // node 3 only the first. All of the first pool (6) is taken.
        let mut n = Network::new(6);
        let a = n.add_edge(0, 2, 5);
        let b = n.add_edge(0, 3, 1);
        n.add_edge(2, 4, 100);
        n.add_edge(2, 5, 100);
        n.add_edge(3, 4, 100);
        n.add_edge(4, 1, 6);
        n.add_edge(5, 1, 2);
        assert_eq!(n.max_flow(0, 1), 6);
        // Node 2's 5 leaves: node 3 can now take the first pool whole.
        assert!(n.withdraw(a, 5, 1));
        assert_eq!(n.flow(a), 0);
        n.widen(b, 5);
        assert_eq!(n.max_flow(0, 1), 5);
        assert_eq!(n.flow(b), 6);
        // More than an edge carries cannot be withdrawn.
        assert!(!n.withdraw(b, 7, 1));
    }
}
