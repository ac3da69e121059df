import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with its options: {@code java scripts/AgentAttach.java
 * PID LIBRARY OPTIONS}. {@code jcmd PID JVMTI.agent_load} cannot pass options that contain '='
 * (it reads them as its own key=value arguments), which async-profiler's options do.
 */
public class AgentAttach {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java AgentAttach.java PID LIBRARY OPTIONS");
      System.exit(64);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } finally {
      vm.detach();
    }
  }
}
